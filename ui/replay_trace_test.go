package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/record"
	"github.com/taskscope/taskscope/trace"
	"github.com/taskscope/taskscope/ui/model"
)

// spinAt is a made-up exact trace of process 4000 ("spin", two threads each running a
// millisecond in every ten) from start to end, in ns of CLOCK_MONOTONIC.
func spinAt(start, end int64) *trace.Trace {
	tr := &trace.Trace{Source: trace.SourcePerf, Exact: true, StartNS: start, EndNS: end, Cores: 2,
		Processes: []trace.Process{{PID: 4000, Name: "spin"}}}
	for i := range 2 {
		th := trace.Thread{PID: 4000, TID: 4000 + i, Name: fmt.Sprintf("worker-%d", i), Process: "spin",
			Before: trace.StateRunnable, CoreNS: make([]int64, 2)}
		for at := start + int64(i)*1e6; at+1e6 <= end; at += 10e6 {
			c := int((at-start)/10e6) % 2
			th.Runs = append(th.Runs, trace.Run{Core: c, Start: at, End: at + 1e6, After: trace.StateRunnable})
			th.RunNS += 1e6
			th.CoreNS[c] += 1e6
			th.Involuntary++
		}
		tr.Threads = append(tr.Threads, th)
	}
	return tr
}

// writeTracedRecording records the fixture machine for n seconds, ending now (a trace's clock,
// CLOCK_MONOTONIC, counts from boot: the fixture's fixed date is before it), with an exact
// trace from 2 s to 8 s into it (on the trace clock as the writer maps it to the wall clock).
func writeTracedRecording(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "traced.tsrec")
	t0 := time.Now().Add(-time.Duration(n) * time.Second).Truncate(time.Second)
	first := fixture(t0, [3]float64{0, 5, 1})
	w, err := record.Create(path, first.Host, first.BootTime, record.Options{Interval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := w.Append(fixture(t0.Add(time.Duration(i)*time.Second), [3]float64{float64(10 * i), 5, 1})); err != nil {
			t.Fatal(err)
		}
	}
	off := model.MonoToWall() // what the writer stores with the trace, within microseconds
	start := t0.Add(2*time.Second).UnixNano() - off
	if err := w.AppendTrace(spinAt(start, start+6e9), 0); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// findButton finds a button whose text begins with s under o.
func findButton(o fyne.CanvasObject, s string) *widget.Button {
	for _, x := range test.LaidOutObjects(o) {
		if b, ok := x.(*widget.Button); ok && strings.HasPrefix(b.Text, s) {
			return b
		}
	}
	return nil
}

// menuItem finds a File menu item by label.
func menuItem(m *mainWindow, label string) *fyne.MenuItem {
	for _, menu := range m.menus.main.Items {
		for _, it := range menu.Items {
			if it.Label == label {
				return it
			}
		}
	}
	return nil
}

// TestReplayTimelineFollowsPlayback opens a recording that holds a trace from 2 s to 8 s: the
// Timeline tab shows none of it at the start (its caption says when it begins), then the trace
// up to the sample shown after each seek, following it; the trace is published, cut there, with
// the recording's clock offset, so the Cores tab names the traced program as exact; the tab's
// own Freeze holds the picture; Run… and Attach… and their File menu items are off with a reason
// and come back with Back to the live machine, which also withdraws the published trace. The
// Cores caption says the lanes were recorded at 1 s, and speaks of the 10 Hz watch again live.
func TestReplayTimelineFollowsPlayback(t *testing.T) {
	m, rp := openReplayWindow(t, writeTracedRecording(t, 10))
	m.openPlace("timeline")
	drain(m)
	cores := m.builtTab("cores")
	if l, ok := findLabel(cores, "recorded at 1 s on lab"); !ok {
		t.Errorf("Cores caption in replay: %q", l)
	}
	if _, ok := findLabel(cores, "ten times a second"); ok {
		t.Error("Cores caption in replay speaks of the 10 Hz watch")
	}
	if l, ok := findLabel(m.timelineTab().Content(), "The recorded trace begins 0:02"); !ok || m.timelineTab().Shown() != nil {
		t.Errorf("at the start: caption %q, shown %v", l, m.timelineTab().Shown() != nil)
	}
	if tr, _ := m.st.Trace(); tr != nil {
		t.Error("a trace is published before it began")
	}
	for _, b := range []string{"Run…", "Attach…"} {
		if btn := findButton(m.timelineTab().Content(), b); btn == nil || !btn.Disabled() {
			t.Errorf("%s is not off in replay", b)
		}
	}
	for _, l := range []string{"Run program…", "Trace process…"} {
		if it := menuItem(m, l); it == nil || !it.Disabled {
			t.Errorf("File → %s is not off in replay", l)
		}
	}
	m.runProgram() // its key or menu item, asked for anyway: says why
	if !strings.Contains(m.status.Text, "A recording is shown") {
		t.Errorf("Run program in replay: status %q", m.status.Text)
	}

	seek := func(at time.Duration) int64 {
		t.Helper()
		f := float64(at) / float64(rp.Playback().Duration())
		m.rec.play.scrub.SetValue(f * scrubSteps)
		m.rec.play.scrub.OnChangeEnded(f * scrubSteps)
		drain(m)
		s := m.st.Current()
		return s.Taken.UnixNano() - rp.TraceOffset()
	}
	var ends []int64
	for _, at := range []time.Duration{4 * time.Second, 6 * time.Second, 3 * time.Second} {
		now := seek(at)
		shown := m.timelineTab().Shown()
		if shown == nil {
			t.Fatalf("at %v: no trace shown", at)
		}
		if shown.EndNS != now {
			t.Errorf("at %v: the timeline's now is %d, the sample shown is at %d", at, shown.EndNS, now)
		}
		pub, off := m.st.Trace()
		if pub == nil || pub.EndNS != now || off != rp.TraceOffset() {
			t.Errorf("at %v: published trace %v (off %d), want one ending at the sample (off %d)", at, pub != nil, off, rp.TraceOffset())
		}
		ends = append(ends, shown.EndNS)
	}
	if !(ends[0] < ends[1] && ends[2] < ends[0]) {
		t.Errorf("the timeline's now does not move with the seeks: %v", ends)
	}
	// The Cores tab draws only while shown: there, the recorded trace makes the traced program
	// exact.
	m.openPlace("cores")
	seek(5 * time.Second)
	if l, ok := findLabel(cores, "Exact, every switch (underlined): spin (4000). The rest: sampled, recorded at 1 s"); !ok {
		t.Errorf("Cores caption with the recorded trace: %q", l)
	}
	m.openPlace("timeline")
	// The tab's Freeze holds the picture while the playback moves on.
	freeze := findCheck(m.timelineTab().Content(), "Freeze")
	freeze.SetChecked(true)
	held := m.timelineTab().Shown()
	seek(7 * time.Second)
	if m.timelineTab().Shown() != held {
		t.Error("Freeze did not hold the timeline")
	}
	freeze.SetChecked(false)
	seek(7 * time.Second)
	if m.timelineTab().Shown() == held {
		t.Error("unfrozen, the timeline did not move on")
	}

	m.rec.backToLive()
	drain(m)
	if tr, _ := m.st.Trace(); tr != nil || m.timelineTab().Shown() != nil {
		t.Error("back to live: the recording's trace is still published or shown")
	}
	for _, b := range []string{"Run…", "Attach…"} {
		if btn := findButton(m.timelineTab().Content(), b); btn == nil || btn.Disabled() {
			t.Errorf("back to live: %s is still off", b)
		}
	}
	for _, l := range []string{"Run program…", "Trace process…"} {
		if it := menuItem(m, l); it == nil || it.Disabled {
			t.Errorf("back to live: File → %s is still off", l)
		}
	}
	if l, ok := findLabel(cores, "ten times a second"); !ok {
		t.Errorf("back to live: Cores caption %q", l)
	}
}

// findCheck finds a check box by its text under o.
func findCheck(o fyne.CanvasObject, s string) *widget.Check {
	for _, x := range test.LaidOutObjects(o) {
		if c, ok := x.(*widget.Check); ok && c.Text == s {
			return c
		}
	}
	return nil
}
