package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/taskscope/taskscope/claims"
	"github.com/taskscope/taskscope/internal/cmdflag"
	"github.com/taskscope/taskscope/lesson"
	"github.com/taskscope/taskscope/ui"
)

// lessonUsage is the one-line usage of `taskscope lesson`.
const lessonUsage = "taskscope lesson [--check | --handout OUT.html [--json] [--quick] [--record FILE]] [--presentation] [--step ID] [LESSON]"

// runLesson implements `taskscope lesson`: --check checks a lesson file and lists its steps
// (exit 2 on a bad file), --handout measures every step headless and writes the HTML handout
// (and prints JSON with --json); with neither, the window opens on the lesson. FILE is the
// lesson file, the built-in lesson without it. Bad usage exits 2, a failed measurement 1.
func runLesson(args []string, stdout, stderr io.Writer) int {
	fs := cmdflag.New("taskscope lesson", lessonUsage, stderr)
	check := fs.Bool("check", false, "check the lesson file and print its steps, one a line")
	handout := fs.String("handout", "", "measure every step without a window and write the handout to `OUT.html`")
	asJSON := fs.Bool("json", false, "with --handout: also print the handout as one JSON object")
	quick := fs.Bool("quick", false, "with --handout: smaller claim runs, rougher figures in about half the time")
	recordTo := fs.String("record", "", "with --handout: also record the run (samples and the demo cards' events) into `FILE`, for taskscope --open")
	presentation := fs.Bool("presentation", false, "the window in presentation mode (large type, full screen)")
	step := fs.String("step", "", "open the window on the step `ID`")
	if err := fs.Parse(args); err != nil {
		return cmdflag.ExitCode(err)
	}
	if fs.NArg() > 1 {
		return cmdflag.Usagef(fs, "one LESSON file at most, got %d", fs.NArg())
	}
	file := fs.Arg(0)
	windowOnly := *presentation || *step != ""
	switch {
	case *check && *handout != "":
		return cmdflag.Usagef(fs, "give --check or --handout, not both")
	case *asJSON && *handout == "":
		return cmdflag.Usagef(fs, "--json goes with --handout")
	case *quick && *handout == "":
		return cmdflag.Usagef(fs, "--quick goes with --handout")
	case *recordTo != "" && *handout == "":
		return cmdflag.Usagef(fs, "--record goes with --handout")
	case *recordTo != "" && samePath(*recordTo, *handout):
		return cmdflag.Usagef(fs, "--record needs a file of its own, not the handout's")
	case windowOnly && (*check || *handout != ""):
		return cmdflag.Usagef(fs, "--presentation and --step are for the window, not --check or --handout")
	}
	l, err := lesson.Open(file)
	if err != nil {
		fmt.Fprintln(stderr, "taskscope lesson:", oneLine(err))
		if *check {
			return 2
		}
		return 1
	}
	switch {
	case *check:
		return checkLesson(l, stdout)
	case *handout != "":
		return writeHandout(l, handoutRun{out: *handout, asJSON: *asJSON, quick: *quick, record: *recordTo}, stdout, stderr)
	}
	if *step != "" && l.Index(*step) < 0 {
		fmt.Fprintf(stderr, "taskscope lesson: no step %q in %s\n", *step, l.File)
		return 1
	}
	win := []string{"--lesson", lessonArg(file)}
	if *step != "" {
		win = append(win, "--lesson-step", *step)
	}
	if *presentation {
		win = append(win, "--presentation")
	}
	return ui.Main(win)
}

// lessonArg is what the window's --lesson flag gets: the file, or "builtin".
func lessonArg(file string) string {
	if file == "" {
		return "builtin"
	}
	return file
}

// oneLine keeps an error to its first line, as every error of the command is one line.
func oneLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// checkLesson prints the lesson's title and its steps, one a line.
func checkLesson(l *lesson.Lesson, w io.Writer) int {
	fmt.Fprintf(w, "%s: %q, %d steps\n", l.File, l.Title, len(l.Steps))
	for i, st := range l.Steps {
		what := "claim " + st.Claim
		if st.Kind == lesson.KindRun {
			what = "run " + strings.Join(st.Run, " ")
		}
		fmt.Fprintf(w, "%2d  %-24s %-32s %d answers  %s\n", i+1, st.ID, st.Title, len(st.Answers), what)
	}
	return 0
}

// handoutRun is what `lesson --handout` was asked for.
type handoutRun struct {
	out    string // the HTML handout
	asJSON bool
	quick  bool
	record string // the recording of the run, "" for none
}

// samePath reports whether a and b name the same file.
func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

// writeHandout measures every step and writes the handout, and the recording with --record.
func writeHandout(l *lesson.Lesson, run handoutRun, stdout, stderr io.Writer) int {
	out := run.out
	if run.record != "" {
		if err := checkWritable(run.record); err != nil {
			fmt.Fprintln(stderr, "taskscope lesson: cannot write the recording:", err)
			return 1
		}
	}
	// fail reports an error that comes before anything is measured: no empty recording is left.
	fail := func(err error) int {
		if run.record != "" {
			_ = os.Remove(run.record)
		}
		fmt.Fprintln(stderr, "taskscope lesson:", err)
		return 1
	}
	f, err := os.Create(out)
	if err != nil {
		return fail(err)
	}
	dir, err := l.Unpack()
	if err != nil {
		f.Close()
		return fail(err)
	}
	if dir != "" {
		defer os.RemoveAll(dir)
	}
	// Ctrl+C stops the step being measured; the handout then lists the rest as not measured.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts := lesson.Options{Quick: run.quick}
	var rec *handoutRecording
	if run.record != "" {
		rec = startHandoutRecording(run.record, stderr)
		opts.OnEvent = rec.event
	}
	started := time.Now()
	machine := claims.ReadMachine(ctx, "")
	s := lesson.MeasureAll(ctx, l, opts, func(i int, st lesson.Step, o lesson.Outcome) {
		state := o.Verdict
		switch {
		case o.Error != "":
			state = "not measured: " + o.Error
		case state == "":
			state = "measured"
		}
		fmt.Fprintf(stderr, "%2d/%d %s: %s (%.1f s)\n", i+1, len(l.Steps), st.ID, state, o.Took.Seconds())
	})
	h := lesson.NewHandout(s, machine, started)
	err = h.WriteHTML(f, l)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && run.asJSON {
		err = h.WriteJSON(stdout)
	}
	if err != nil {
		if rec != nil {
			_, _ = rec.stop(true)
		}
		fmt.Fprintln(stderr, "taskscope lesson:", err)
		return 1
	}
	fmt.Fprintf(stderr, "wrote %s\n", out)
	if rec != nil {
		said, err := rec.stop(ctx.Err() != nil)
		if err != nil {
			fmt.Fprintln(stderr, "taskscope lesson:", oneLine(err))
			return 1
		}
		fmt.Fprintln(stderr, said)
	}
	if errors.Is(ctx.Err(), context.Canceled) || h.Failed() > 0 {
		return 1
	}
	return 0
}
