package demos

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
)

// ErrNoPython reports that no python3 could be found to run a Python demo.
var ErrNoPython = errors.New("python3 not found")

// PythonInstallHint says how to get python3 on the systems Taskscope supports; the window shows it
// on the Python cards when python3 is missing.
const PythonInstallHint = "install it with `sudo apt-get install python3`"

// freeThreadedNames are the names free-threaded CPython builds install themselves under.
var freeThreadedNames = []string{"python3.13t", "python3.14t", "python3.15t", "python3.16t"}

// ResolvePython finds the python3 a Python demo runs: flagValue when given (a path, or a name
// looked up on PATH), else python3 on PATH. Its errors wrap ErrNoPython and say how to install it.
func ResolvePython(flagValue string) (string, error) {
	if flagValue == "" {
		p, err := exec.LookPath("python3")
		if err != nil {
			return "", fmt.Errorf("%w: %s", ErrNoPython, PythonInstallHint)
		}
		return p, nil
	}
	p, err := exec.LookPath(flagValue)
	if err != nil {
		return "", fmt.Errorf("%w: --python %s is not an executable file (%v); %s, or give --python the path of one",
			ErrNoPython, flagValue, errors.Unwrap(err), PythonInstallHint)
	}
	return p, nil
}

// freeThreadedCandidates lists the free-threaded CPython builds on PATH by name, each once, other
// than main. A name is only a claim: the caller checks each with the interpreter itself.
func freeThreadedCandidates(main string) []string {
	seen := map[string]bool{realPath(main): true}
	var found []string
	for _, name := range freeThreadedNames {
		p, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		if real := realPath(p); !seen[real] {
			seen[real] = true
			found = append(found, p)
		}
	}
	return found
}

// realPath is p with its symbolic links followed, or p when that fails.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}
