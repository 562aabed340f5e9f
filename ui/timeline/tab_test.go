package timeline

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/trace"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/timeline/timelinemodel"
)

// newTestTab opens the Timeline tab alone on the test driver.
func newTestTab(t *testing.T) *Tab {
	t.Helper()
	a := test.NewTempApp(t)
	w := a.NewWindow("timeline")
	st := model.NewState()
	tab := New(st, w)
	tab.inline = true
	w.SetContent(tab.Content())
	w.Resize(fyne.NewSize(1400, 800))
	w.Show()
	t.Cleanup(func() {
		fyne.DoAndWait(tab.End)
		w.Close()
	})
	return tab
}

// waitFor polls the tab and then cond, on one goroutine, until cond holds or 20 s pass.
func waitFor(t *testing.T, tab *Tab, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		var ok bool
		fyne.DoAndWait(func() {
			tab.pollNow()
			ok = cond()
		})
		if ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestTabRunsAndShowsProgram runs a program from the tab: its output and exit status appear,
// its threads get rows, and hovering a row tells the exact stretch under the pointer.
func TestTabRunsAndShowsProgram(t *testing.T) {
	tab := newTestTab(t)
	var err error
	fyne.DoAndWait(func() {
		err = tab.Run([]string{"/bin/sh", "-c", "echo hello; /bin/sleep 0.3; echo bye"}, "")
	})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, tab, "the exit status", func() bool { return strings.Contains(tab.outTitle.Text, "exited with status 0") })
	waitFor(t, tab, "both lines", func() bool { return len(tab.outLines) == 2 })
	fyne.DoAndWait(func() {
		if tab.outLines[0] != "hello" || tab.outLines[1] != "bye" {
			t.Errorf("output %q", tab.outLines)
		}
		if !strings.Contains(tab.caption.Text, "/bin/sh -c") || !(strings.Contains(tab.caption.Text, "Exact") || strings.Contains(tab.caption.Text, "Sampled")) {
			t.Errorf("caption %q", tab.caption.Text)
		}
		names := map[string]bool{}
		for _, r := range tab.tl.Rows {
			names[strings.Fields(r.Label)[0]] = true
		}
		if !names["sh"] || !names["sleep"] {
			t.Errorf("rows %v, want sh and sleep", names)
		}
		// Zoom to the whole program and hover over the sh row, where it sleeps.
		tab.setView(timelinemodel.TimelineView{Span: time.Second, End: tab.shown.StartNS + int64(time.Second)})
		for i, r := range tab.tl.Rows {
			if !r.Header && strings.HasPrefix(r.Label, "sh ") {
				labelW, axisH, rowH := tab.view.metrics()
				y := axisH + float32(i-tab.view.Scroll)*rowH + rowH/2
				tab.view.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(labelW+tab.view.PlotWidth(tab.view.Size())*0.2, y)}})
			}
		}
		if !strings.Contains(tab.info.Text, "sh ") || !strings.Contains(tab.info.Text, " from ") || !strings.Contains(tab.info.Text, " to ") {
			t.Errorf("hover text %q", tab.info.Text)
		}
	})
}

// TestTabRefusedSaysSampled injects the refusal: the program runs, and the caption says the
// timeline is sampled and why.
func TestTabRefusedSaysSampled(t *testing.T) {
	tab := newTestTab(t)
	tab.Options = trace.Options{Refuse: unix.EACCES}
	fyne.DoAndWait(func() {
		if err := tab.Run([]string{"/bin/sleep", "0.2"}, ""); err != nil {
			t.Error(err)
		}
	})
	waitFor(t, tab, "a sampled caption", func() bool {
		return strings.Contains(tab.caption.Text, "Sampled, not exact") && strings.Contains(tab.caption.Text, "perf_event_open")
	})
}

// TestTabOutputFlood runs a program that writes 200,000 lines as fast as it can: the pane keeps
// the last 1,000 and says how many there were, and the tab keeps up.
func TestTabOutputFlood(t *testing.T) {
	tab := newTestTab(t)
	fyne.DoAndWait(func() {
		if err := tab.Run([]string{"/bin/sh", "-c", "seq 1 200000"}, ""); err != nil {
			t.Error(err)
		}
	})
	waitFor(t, tab, "the end of the flood", func() bool { return strings.Contains(tab.outTitle.Text, "exited") && len(tab.outLines) > 0 })
	waitFor(t, tab, "the last line", func() bool { return tab.outLines[len(tab.outLines)-1] == "200000" })
	fyne.DoAndWait(func() {
		if len(tab.outLines) != model.OutputLines || tab.outLines[0] != "199001" || !strings.Contains(tab.outTitle.Text, "last 1000 of 200000 lines") {
			t.Errorf("%d lines from %q; title %q", len(tab.outLines), tab.outLines[0], tab.outTitle.Text)
		}
	})
}

// TestTabPinAndNice pins the selected thread to core 0 and renices it, and reads both back
// from the kernel.
func TestTabPinAndNice(t *testing.T) {
	tab := newTestTab(t)
	fyne.DoAndWait(func() {
		if err := tab.Run([]string{"/bin/sleep", "5"}, ""); err != nil {
			t.Error(err)
		}
	})
	row := -1
	waitFor(t, tab, "the sleep row", func() bool {
		for i, r := range tab.tl.Rows {
			if !r.Header && strings.HasPrefix(r.Label, "sleep ") {
				row = i
			}
		}
		return row >= 0
	})
	var tid int
	fyne.DoAndWait(func() {
		tab.view.OnTap(row, timelinemodel.TimelineSeg{}, false)
		tid = tab.tl.Rows[row].TID
		tab.pinSel.SetSelected("core 0")
	})
	waitFor(t, tab, "the pin", func() bool { return strings.HasPrefix(tab.selText.Text, "Pinned") })
	fyne.DoAndWait(func() {
		tab.niceIn.SetText("6")
		tab.renice()
	})
	waitFor(t, tab, "the renice", func() bool { return strings.HasPrefix(tab.selText.Text, "Set the nice") })
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(tid, &set); err != nil || set.Count() != 1 || !set.IsSet(0) {
		t.Errorf("affinity after pinning to core 0: %v %v (%s)", set, err, tab.selText.Text)
	}
	if n, err := inspect.ThreadNice(tid); err != nil || n != 6 {
		t.Errorf("nice %d %v (%s)", n, err, tab.selText.Text)
	}
	fyne.DoAndWait(func() {
		tab.niceIn.SetText("99")
		tab.renice()
		if !strings.Contains(tab.selText.Text, "from -20") {
			t.Errorf("bad nice: %q", tab.selText.Text)
		}
	})
}

// TestTabMultiLineCommandOneLine runs a command whose argument holds line breaks (as
// python3 -c '...' with a program in it does): the caption stays one line high, the title
// without a line break, and the output button tells the lines and the caption the exit.
func TestTabMultiLineCommandOneLine(t *testing.T) {
	tab := newTestTab(t)
	fyne.DoAndWait(func() {
		if err := tab.Run([]string{"/bin/sh", "-c", "echo one\necho two\nexit 3"}, ""); err != nil {
			t.Error(err)
		}
	})
	waitFor(t, tab, "the exit status in the caption", func() bool { return strings.Contains(tab.caption.Text, "status 3") })
	fyne.DoAndWait(func() {
		if strings.ContainsAny(tab.caption.Text, "\n\r") {
			t.Errorf("caption has a line break: %q", tab.caption.Text)
		}
		if !strings.Contains(tab.caption.Text, "echo one ⏎ echo two") {
			t.Errorf("caption %q", tab.caption.Text)
		}
		one := (&widget.Label{Text: "x"}).MinSize().Height
		if h := tab.caption.MinSize().Height; h > one+0.5 {
			t.Errorf("caption is %v high, one line is %v", h, one)
		}
		if tab.outBtn.Text != "Output (2 lines)" || !tab.outBtn.Visible() {
			t.Errorf("output button %q visible %v", tab.outBtn.Text, tab.outBtn.Visible())
		}
	})
}
