package record

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/taskscope/taskscope/internal/cmdflag"
	"github.com/taskscope/taskscope/trace"
)

// ExportMain implements `taskscope export FILE -o OUT.json`: a recording (see Export), or the
// JSON `taskscope trace --json` writes (see ExportTrace), as Trace Event Format JSON. The output is written beside OUT and renamed into place, so a failure
// leaves no half-written file. It returns 0, 1 when the recording cannot be read or OUT
// written, 2 for bad usage.
func ExportMain(args []string, stdout, stderr io.Writer) int {
	fs := cmdflag.New("taskscope export", "taskscope export FILE -o OUT.json", stderr)
	out := fs.String("o", "", "the Trace Event Format JSON file to write (`OUT.json`; - for standard output)")
	file, code, ok := parseFile(fs, args)
	if !ok {
		return code
	}
	if *out == "" {
		return cmdflag.Usagef(fs, "-o OUT.json is required")
	}
	kind, err := sniff(file)
	if err != nil {
		fmt.Fprintln(stderr, "taskscope export:", err)
		return 1
	}
	var write func(io.Writer) error
	var problems func() []string
	switch kind {
	case kindTraceJSON:
		f, err := os.Open(file)
		if err != nil {
			fmt.Fprintln(stderr, "taskscope export:", err)
			return 1
		}
		tr, err := trace.ReadJSON(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(stderr, "taskscope export: %s is JSON but not what `taskscope trace --json` writes: %v\n", file, err)
			return 1
		}
		write = func(w io.Writer) error { return ExportTrace(tr, w) }
		problems = func() []string { return nil }
	default:
		r, err := Open(file)
		if err != nil {
			fmt.Fprintln(stderr, "taskscope export:", err)
			return 1
		}
		defer r.Close()
		write = func(w io.Writer) error { return Export(r, w) }
		problems = r.Problems
	}
	if *out == "-" {
		err = write(stdout)
	} else {
		err = writeFileAtomic(*out, write)
	}
	report(stderr, "taskscope export: "+file, problems())
	if err != nil {
		fmt.Fprintln(stderr, "taskscope export:", err)
		return 1
	}
	if *out != "-" {
		fmt.Fprintf(stderr, "taskscope export: wrote %s; open it at https://ui.perfetto.dev (Open trace file), in chrome://tracing or at https://www.speedscope.app\n", *out)
	}
	return 0
}

// Input formats `taskscope export` reads.
const (
	kindRecording = iota
	kindTraceJSON
)

// sniff tells a recording (it opens with the format's magic) from the JSON of `taskscope trace
// --json` (it opens with "{"), by the file's first bytes; anything else is an error that names
// both.
func sniff(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("record: %w", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return 0, fmt.Errorf("record: %s is a directory", path)
	}
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if n == 0 {
		return 0, fmt.Errorf("record: %s: %w", path, ErrEmpty)
	}
	if bytes.HasPrefix(head, magic[:]) || bytes.HasPrefix(magic[:], head) {
		return kindRecording, nil
	}
	if t := bytes.TrimLeft(head, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		return kindTraceJSON, nil
	}
	return 0, fmt.Errorf("record: %s is neither a Taskscope recording nor the JSON that `taskscope trace --json` writes", path)
}

// writeFileAtomic writes the export to a temporary file beside path and renames it into place.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	// CreateTemp makes the file private; an export is for sharing, like any file one writes.
	err = tmp.Chmod(0o644)
	if err == nil {
		err = write(tmp)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
