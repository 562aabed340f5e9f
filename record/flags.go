package record

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/taskscope/taskscope/internal/cmdflag"
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

// parseFile parses args for a command that reads one recording, named before, between or
// after the flags. When ok is false the command returns code: 0 after --help, 2 for a bad
// flag, no recording named, or more than one.
func parseFile(fs *flag.FlagSet, args []string) (file string, code int, ok bool) {
	pos, err := parseMixed(fs, args)
	switch {
	case err != nil:
		return "", cmdflag.ExitCode(err), false
	case len(pos) == 0:
		return "", cmdflag.Usagef(fs, "no recording named"), false
	case len(pos) > 1:
		return "", cmdflag.Usagef(fs, "unexpected argument %q", pos[1]), false
	}
	return pos[0], 0, true
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
		return RecordMain("taskscope", args, stdout, stderr)
	case "replay":
		return ReplayMain(args, stdout, stderr)
	case "export":
		return ExportMain(args, stdout, stderr)
	}
	fmt.Fprintf(stderr, "taskscope: %q is not a recording command (record, replay, export)\n", mode)
	return 2
}
