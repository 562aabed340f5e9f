package record

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/taskscope/taskscope/internal/cmdflag"
)

// ExportMain implements `taskscope export FILE -o OUT.json`: the recording as Trace Event Format
// JSON (see Export). The output is written beside OUT and renamed into place, so a failure
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
	r, err := Open(file)
	if err != nil {
		fmt.Fprintln(stderr, "taskscope export:", err)
		return 1
	}
	defer r.Close()
	if *out == "-" {
		err = Export(r, stdout)
	} else {
		err = exportFile(r, *out)
	}
	report(stderr, "taskscope export: "+file, r.Problems())
	if err != nil {
		fmt.Fprintln(stderr, "taskscope export:", err)
		return 1
	}
	if *out != "-" {
		fmt.Fprintf(stderr, "taskscope export: wrote %s; open it at https://ui.perfetto.dev (Open trace file) or in chrome://tracing\n", *out)
	}
	return 0
}

// exportFile writes the export to a temporary file beside path and renames it into place.
func exportFile(r *Reader, path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	// CreateTemp makes the file private; an export is for sharing, like any file one writes.
	err = tmp.Chmod(0o644)
	if err == nil {
		err = Export(r, tmp)
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
