package ui

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/demotab"
)

// options is how the command line asks the window to open.
type options struct {
	filter string
	// group is "app" to open with the table grouped by app (--group app); "" keeps the saved choice.
	group        string
	tab          string // one of tabNames(); "" keeps the default
	card         string // with tab "demos": the demo card to show ("" keeps the last one)
	presentation bool
	// remote is the URL of an agent whose host the window shows instead of this machine;
	// tokenFile holds the agent's bearer token.
	remote, tokenFile string
	// caFile is a PEM file of the CA (or self-signed certificate) an https:// agent is trusted by.
	caFile string
	open   string // a recording to show instead of the live machine
	// prometheus is the URL of a Prometheus server that scrapes agents: the window opens on
	// the Fleet tab; tokenFile and caFile then go to Prometheus and to the agents opened.
	prometheus string
	// program is the command after "--": the window opens on it, started and traced.
	program []string
	// lesson is the lesson file the window opens on ("builtin" for the built-in one), and
	// lessonStep the step it opens at (`taskscope lesson` passes them).
	lesson, lessonStep string
}

// parseFlags reads the GUI's flags. Errors are written to stderr with the usage, as the flag
// package does; the caller exits with status 2.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("taskscope", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.filter, "filter", "", "show only processes the query `TEXT` matches: a word (name, command line, user, PID or thread name) or terms like 'cpu>5 rss>100M app~gnome' (see docs/desktop.md)")
	fs.StringVar(&o.group, "group", "", "group the process table by `app` (the only grouping so far)")
	fs.StringVar(&o.tab, "tab", "", "open on tab `NAME`: "+strings.Join(tabNames(), ", ")+tabConditions()+
		"; demos/CARD opens a demo card ("+strings.Join(demotab.CardNames(), ", ")+")")
	fs.BoolVar(&o.presentation, "presentation", false, "large text, high contrast, full screen (for projectors)")
	fs.StringVar(&o.open, "open", "", "show the recording `FILE` (made by File → Record or `taskscope record`) instead of the live machine")
	fs.StringVar(&o.remote, "remote", "", "show the host of the agent at `URL` (http://HOST:9256, see taskscope serve) instead of this machine")
	fs.StringVar(&o.prometheus, "prometheus", "", "open on the Fleet tab: every host the Prometheus server at `URL` scrapes a Taskscope agent on")
	fs.StringVar(&o.tokenFile, "token-file", "", "with --remote (or --prometheus): `FILE` holding the agent's token")
	fs.StringVar(&o.caFile, "ca-file", "", "with --remote https://... (or --prometheus, for an https:// Prometheus and the agents it opens): trust the certificate through the PEM `FILE` (its CA, or the certificate itself when self-signed) instead of the system's CAs")
	fs.StringVar(&o.lesson, "lesson", "", "open on the lesson `FILE` (builtin: the built-in one); see taskscope lesson")
	fs.StringVar(&o.lessonStep, "lesson-step", "", "with --lesson: open at the step `ID`")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: taskscope [--filter TEXT] [--group app] [--tab "+strings.Replace(strings.Join(tabNames(), "|"), "demos", "demos[/CARD]", 1)+"] [--presentation] [--open FILE | --remote URL [--token-file F] [--ca-file F] | --prometheus URL [--token-file F] [--ca-file F] | -- CMD ARGS...]")
		fmt.Fprintln(stderr, "       taskscope snapshot [--json] [--interval D] [--filter TEXT]")
		fmt.Fprintln(stderr, "       taskscope lesson [--presentation] [--step ID] [--check | --handout OUT.html [--json]] [FILE]")
		fmt.Fprintln(stderr, "       taskscope claims [--json]   |   taskscope trace [--pid P | -- CMD ...] [--json]")
		fmt.Fprintln(stderr, "       taskscope fleet --prometheus URL [--json]   |   taskscope serve ...   (the agent)")
		fmt.Fprintln(stderr, "       taskscope record|replay|export ...   (recordings; see docs/commands.md)")
		fmt.Fprintln(stderr, "       taskscope demo NAME [flags]   (NAME: "+strings.Join(demos.Names(), ", ")+"; NAME --help lists its flags)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if i := slices.Index(args, "--"); i >= 0 && fs.NArg() == len(args)-i-1 && fs.NArg() > 0 {
		o.program = fs.Args()
	} else if fs.NArg() > 0 {
		err := fmt.Errorf("unexpected argument %q", fs.Arg(0))
		fmt.Fprintln(stderr, err)
		fs.Usage()
		return o, err
	}
	if o.group != "" && o.group != "app" {
		err := fmt.Errorf("--group %q: the table groups by app only (--group app)", o.group)
		fmt.Fprintln(stderr, err)
		return o, err
	}
	if _, err := inspect.ParseQuery(o.filter); err != nil {
		err = fmt.Errorf("--filter: %w", err)
		fmt.Fprintln(stderr, err)
		return o, err
	}
	if o.remote != "" && (o.open != "" || len(o.program) > 0) {
		err := errors.New("--remote, --open and -- CMD each name what the window shows: give one")
		fmt.Fprintln(stderr, err)
		return o, err
	}
	if o.prometheus != "" && (o.remote != "" || o.open != "" || len(o.program) > 0) {
		err := errors.New("--prometheus opens the Fleet tab; it goes with neither --remote, --open nor -- CMD")
		fmt.Fprintln(stderr, err)
		return o, err
	}
	if o.caFile != "" && o.prometheus == "" && !strings.HasPrefix(strings.ToLower(o.remote), "https://") {
		err := errors.New("--ca-file goes with --remote https://HOST:PORT or --prometheus")
		fmt.Fprintln(stderr, err)
		return o, err
	}
	if o.tokenFile != "" && o.remote == "" && o.prometheus == "" {
		err := errors.New("--token-file goes with --remote or --prometheus")
		fmt.Fprintln(stderr, err)
		return o, err
	}
	o.tab = strings.ToLower(o.tab)
	o.tab, o.card, _ = strings.Cut(o.tab, "/")
	if o.tab != "" && specIndex(o.tab) < 0 {
		err := fmt.Errorf("--tab %q: want one of %s", o.tab, strings.Join(tabNames(), ", "))
		fmt.Fprintln(stderr, err)
		return o, err
	}
	if i := specIndex(o.tab); i >= 0 && !tabTable[i].isOffered(o) {
		err := fmt.Errorf("--tab %s: the %s tab is there only with %s", o.tab, tabTable[i].title, tabTable[i].offeredWith)
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
