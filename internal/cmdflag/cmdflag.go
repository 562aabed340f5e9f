// Package cmdflag is the flag handling that the commands of both binaries share (snapshot,
// serve, record, replay, export): one usage format, --help exiting 0, and a bad flag or a
// stray argument giving usage and exit code 2. It lives at the module's root so that the
// headless packages (serve, record) and cmd/internal/cli can all import it; it imports only
// the standard library.
package cmdflag

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// New makes a flag set named name (the command as a user types it, e.g. "taskscope snapshot")
// that reports errors on stderr and prints usage as one line, "usage: " and usage, then the
// flags.
func New(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage:", usage)
		fs.PrintDefaults()
	}
	return fs
}

// Parse parses args into fs for a command that takes no positional arguments. When ok is
// false the command stops and returns code: 0 after --help, 2 after a bad flag (which the flag
// package has already reported) or a stray argument (reported here, with the usage).
func Parse(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		return ExitCode(err), false
	}
	if fs.NArg() > 0 {
		return Usagef(fs, "unexpected argument %q", fs.Arg(0)), false
	}
	return 0, true
}

// ExitCode is the exit code for an error from fs.Parse: 0 when the user asked for --help
// (the usage is already printed), 2 otherwise.
func ExitCode(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

// Usagef prints a complaint about the arguments, prefixed with the command's name, then the
// usage, on the flag set's output; it returns exit code 2 for the command to return.
func Usagef(fs *flag.FlagSet, format string, args ...any) int {
	fmt.Fprintf(fs.Output(), "%s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	fs.Usage()
	return 2
}
