package record

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// parseMixed parses flags that may come before, between or after the positional arguments
// (`replay FILE --at 1m` as well as `replay --at 1m FILE`), which the flag package alone does
// not allow. It returns the positional arguments.
func parseMixed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// newFlagSet makes a flag set that prints usage (one line, then the flags) to stderr.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage:", usage)
		fs.PrintDefaults()
	}
	return fs
}

// usageError prints a complaint about the arguments and the usage, and returns exit code 2.
func usageError(fs *flag.FlagSet, stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "%s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	fs.Usage()
	return 2
}

// report prints a reader's problems, one line each.
func report(stderr io.Writer, name string, problems []string) {
	for _, p := range problems {
		fmt.Fprintf(stderr, "%s: %s\n", name, strings.TrimSpace(p))
	}
}

// Main runs the recording command named by mode ("record", "replay" or "export") with its
// arguments, so a main needs one case line for all three.
func Main(mode string, args []string, stdout, stderr io.Writer) int {
	switch mode {
	case "record":
		return RecordMain(args, stdout, stderr)
	case "replay":
		return ReplayMain(args, stdout, stderr)
	case "export":
		return ExportMain(args, stdout, stderr)
	}
	fmt.Fprintf(stderr, "taskscope: %q is not a recording command (record, replay, export)\n", mode)
	return 2
}
