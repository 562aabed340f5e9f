package timeline

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/timeline/timelinemodel"
)

// selected returns the selected row, if any.
func (t *Tab) selected() (timelinemodel.TimelineRow, bool) {
	if t.tl == nil || t.view.Sel < 0 || t.view.Sel >= len(t.tl.Rows) {
		return timelinemodel.TimelineRow{}, false
	}
	return t.tl.Rows[t.view.Sel], true
}

// showSelection says what pin and nice will act on, and offers the cores.
func (t *Tab) showSelection() {
	r, ok := t.selected()
	if !ok {
		return
	}
	if r.Header {
		t.selText.SetText(fmt.Sprintf("Selected: process %s, all its threads", r.Label))
	} else {
		t.selText.SetText(fmt.Sprintf("Selected: thread %s of PID %d", r.Label, r.PID))
	}
	opts := []string{"all cores"}
	if t.shown != nil {
		for c := range t.shown.Cores {
			opts = append(opts, "core "+strconv.Itoa(c))
		}
	}
	t.pinSel.Options = opts
	t.pinSel.ClearSelected()
}

// act runs change on the selected thread (or, for a heading, process) off the UI goroutine,
// since it reads /proc to check the task's start time, and reports the outcome.
func (t *Tab) act(done string, change func(r timelinemodel.TimelineRow, k inspect.TaskKey) error) {
	r, ok := t.selected()
	if !ok {
		t.report("", errors.New("tap a row first"))
		return
	}
	run := func() error {
		tid := r.TID
		if r.Header {
			tid = r.PID
		}
		start, err := inspect.TaskStartTicks(r.PID, tid)
		if err == nil {
			err = change(r, inspect.TaskKey{ID: tid, StartTicks: start})
		}
		return err
	}
	if t.inline {
		t.report(done, run())
		return
	}
	go func() {
		err := run()
		fyne.Do(func() { t.report(done, err) })
	}()
}

// pin pins the selection to the chosen core (or all).
func (t *Tab) pin(choice string) {
	if choice == "" || t.shown == nil {
		return
	}
	cpus := []int{}
	if c, ok := strings.CutPrefix(choice, "core "); ok {
		n, _ := strconv.Atoi(c)
		cpus = append(cpus, n)
	} else {
		for c := range t.shown.Cores {
			cpus = append(cpus, c)
		}
	}
	r, _ := t.selected()
	t.act(fmt.Sprintf("Pinned %s to %s: watch its migrations stop.", r.Label, choice), func(r timelinemodel.TimelineRow, k inspect.TaskKey) error {
		if r.Header {
			return inspect.SetProcessAffinity(k, cpus)
		}
		return inspect.SetThreadAffinity(r.PID, k, cpus)
	})
}

// renice sets the nice value typed in.
func (t *Tab) renice() {
	n, err := strconv.Atoi(strings.TrimSpace(t.niceIn.Text))
	if err != nil || n < -20 || n > 19 {
		t.report("", errors.New("nice is a whole number from -20 (most favoured) to 19"))
		return
	}
	r, _ := t.selected()
	t.act(fmt.Sprintf("Set the nice value of %s to %d.", r.Label, n), func(r timelinemodel.TimelineRow, k inspect.TaskKey) error {
		if r.Header {
			return inspect.SetProcessNice(k, n)
		}
		return inspect.SetThreadNice(r.PID, k, n)
	})
}

// report shows an action's outcome on the selection line.
func (t *Tab) report(ok string, err error) {
	switch {
	case errors.Is(err, inspect.ErrGone):
		t.selText.SetText("That task has ended (or its ID now names another); nothing was changed.")
	case err != nil:
		t.selText.SetText("Not done: " + err.Error())
	default:
		t.selText.SetText(ok)
	}
}

// AskRun asks for a command line and a working directory, then runs it.
func (t *Tab) AskRun() {
	if t.offWhy != "" {
		t.info.SetText(t.offWhy)
		return
	}
	cmd := &widget.Entry{PlaceHolder: "python3 -c 'print(42)'"}
	dir := &widget.Entry{PlaceHolder: "working directory (empty: Taskscope's)"}
	dialog.ShowForm("Run program", "Run", "Cancel", []*widget.FormItem{
		{Text: "Command", Widget: cmd, HintText: "Its threads and children are traced from its first instruction."},
		{Text: "Directory", Widget: dir},
	}, func(ok bool) {
		if !ok {
			return
		}
		argv, err := model.SplitCommand(cmd.Text)
		if err == nil {
			err = t.Run(argv, strings.TrimSpace(dir.Text))
		}
		if err != nil {
			dialog.ShowError(err, t.win)
		}
	}, t.win)
}

// AskAttach asks for a PID (pid, when not 0, is offered), then attaches to it.
func (t *Tab) AskAttach(pid int, name string) {
	if t.offWhy != "" {
		t.info.SetText(t.offWhy)
		return
	}
	in := &widget.Entry{PlaceHolder: "PID"}
	if pid > 0 {
		in.SetText(strconv.Itoa(pid))
	}
	dialog.ShowForm("Trace process", "Trace", "Cancel", []*widget.FormItem{
		{Text: "PID", Widget: in, HintText: "A process of yours (any, as root). It is left running when the trace stops."},
	}, func(ok bool) {
		if !ok {
			return
		}
		n, err := strconv.Atoi(strings.TrimSpace(in.Text))
		if err != nil || n <= 0 {
			dialog.ShowError(fmt.Errorf("%q is not a PID", in.Text), t.win)
			return
		}
		if n != pid {
			name = ""
		}
		if err := t.Attach(n, name); err != nil {
			dialog.ShowError(err, t.win)
		}
	}, t.win)
}
