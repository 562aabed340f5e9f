package proctest

import (
	"errors"
	"os"
	"os/exec"
)

// GateEnv is the environment variable with which trace.Start marks a copy of its executable as
// the gate of a program to trace (trace's tests check that the two agree).
const GateEnv = "TASKSCOPE_TRACE_GATE"

// RunGate runs bin as trace.Start runs its gate, for tests of a main that must call
// trace.ExecIfGate: with GateEnv set, extra entries env, arguments prog (the program's path,
// then its argv), and the go-ahead pipe as fd 3. With goAhead it writes the one byte that
// releases the program; without, it closes the pipe as a tracer that went away would. It
// returns the child's stdout and exit code (-1 when it did not run or was killed).
func RunGate(bin string, env []string, goAhead bool, prog ...string) (string, int, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return "", -1, err
	}
	defer r.Close()
	// The byte waits in the pipe until the child reads it; with w closed (the child does not
	// inherit it: os.Pipe sets close-on-exec), a child without it reads end-of-file.
	if goAhead {
		if _, err := w.Write([]byte{1}); err != nil {
			w.Close()
			return "", -1, err
		}
	}
	w.Close()
	cmd := exec.Command(bin, prog...)
	cmd.Env = append(append(os.Environ(), GateEnv+"=1"), env...)
	cmd.ExtraFiles = []*os.File{r}
	out, err := cmd.Output()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return string(out), exit.ExitCode(), nil
	case err != nil:
		return string(out), -1, err
	}
	return string(out), 0, nil
}
