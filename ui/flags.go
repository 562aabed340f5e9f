package ui

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/demotab"
)

// tabNames are the values --tab accepts, in the order the tabs appear.
var tabNames = []string{"processes", "cores", "demos"}

// options is how the command line asks the window to open.
type options struct {
	filter       string
	tab          string // one of tabNames; "" keeps the default
	card         string // with tab "demos": the demo card to show ("" keeps the last one)
	presentation bool
}

// parseFlags reads the GUI's flags. Errors are written to stderr with the usage, as the flag
// package does; the caller exits with status 2.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("taskscope", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.filter, "filter", "", "show only processes whose name, PID or user matches `TEXT`")
	fs.StringVar(&o.tab, "tab", "", "open on tab `NAME`: "+strings.Join(tabNames, ", ")+
		"; demos/CARD opens a demo card ("+strings.Join(demotab.CardNames(), ", ")+")")
	fs.BoolVar(&o.presentation, "presentation", false, "large text, high contrast, full screen (for projectors)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: taskscope [--filter TEXT] [--tab processes|cores|demos[/CARD]] [--presentation]")
		fmt.Fprintln(stderr, "       taskscope snapshot [--json] [--interval D] [--filter TEXT]")
		fmt.Fprintln(stderr, "       taskscope demo NAME [flags]   (NAME: "+strings.Join(demos.Names(), ", ")+"; NAME --help lists its flags)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		err := fmt.Errorf("unexpected argument %q", fs.Arg(0))
		fmt.Fprintln(stderr, err)
		fs.Usage()
		return o, err
	}
	o.tab = strings.ToLower(o.tab)
	o.tab, o.card, _ = strings.Cut(o.tab, "/")
	if o.tab != "" && !slices.Contains(tabNames, o.tab) {
		err := fmt.Errorf("--tab %q: want one of %s", o.tab, strings.Join(tabNames, ", "))
		fmt.Fprintln(stderr, err)
		return o, err
	}
	if o.card != "" && (o.tab != "demos" || !slices.Contains(demotab.CardNames(), o.card)) {
		err := fmt.Errorf("--tab %s/%s: want demos/ and one of %s", o.tab, o.card, strings.Join(demotab.CardNames(), ", "))
		fmt.Fprintln(stderr, err)
		return o, err
	}
	return o, nil
}
