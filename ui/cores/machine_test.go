package cores

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/trace"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/model/modeltest"
)

// TestCoresMachineToggleRefused injects the kernel's refusal: the toggle is disabled, and the
// line beside it gives the probe's reason with the command that allows it.
func TestCoresMachineToggleRefused(t *testing.T) {
	test.NewTempApp(t)
	opts := trace.Options{Refuse: unix.EACCES}
	want := model.ProbeMachineTrace(opts)
	var pr *trace.PerfRefusedError
	if !errors.As(want, &pr) || pr.Fix == "" {
		t.Fatalf("injected refusal gave %v, want a PerfRefusedError with a fix", want)
	}
	p := newPanelOpts(model.NewState(), opts)
	if !p.machine.check.Disabled() {
		t.Error("the toggle is enabled though the trace is refused")
	}
	if got := p.machine.reason.Text; got != "Not permitted: "+want.Error() || strings.Contains(got, "\n") {
		t.Errorf("reason %q, want one line: Not permitted: %s", got, want)
	}
	p.machine.toggle(true) // a tap that got through regardless
	if p.st.MachineExact() || p.machine.check.Checked {
		t.Error("a refused trace was started")
	}
}

// TestCoresMachineToggleLive turns the whole-machine trace on (where permitted: root here):
// the model runs it, the caption says "Exact (whole machine)", the lanes draw exact
// stretches; off, the caption is sampled again and the trace's perf fds are all closed.
func TestCoresMachineToggleLive(t *testing.T) {
	if err := model.ProbeMachineTrace(trace.Options{}); err != nil {
		if os.Getenv("CI") == "true" || os.Getenv("TASKSCOPE_REQUIRE_DISPLAY") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	a := test.NewTempApp(t)
	w := a.NewWindow("cores")
	st := model.NewState()
	p := newPanel(st)
	w.SetContent(p.content)
	w.Resize(fyne.NewSize(1280, 720))
	w.Show()
	t.Cleanup(w.Close)
	fds := func() int { e, _ := os.ReadDir("/proc/self/fd"); return len(e) }
	before := fds()
	if p.machine.check.Disabled() {
		t.Fatal("toggle disabled though permitted: " + p.machine.reason.Text)
	}
	p.machine.check.SetChecked(true)
	if !st.MachineExact() {
		t.Fatalf("toggled on, no trace runs: %s", p.machine.reason.Text)
	}
	time.Sleep(700 * time.Millisecond)
	s := modeltest.Fixture(time.Now(), [3]float64{30, 5, 1})
	st.PublishLive(s)
	st.PublishShown(s)
	if tr, _ := st.MachineTrace(); tr == nil || tr.Source != trace.SourceTracepoint {
		t.Fatalf("published machine trace %v", tr)
	}
	if !strings.HasPrefix(p.caption.Text, "Exact (whole machine)") || !strings.Contains(p.caption.Text, "Before it: sampled") {
		t.Errorf("caption %q", p.caption.Text)
	}
	exact := 0
	for _, r := range p.view.Rows {
		exact += len(r.Exact)
	}
	if exact == 0 {
		t.Error("no lane has an exact stretch")
	}
	p.machine.check.SetChecked(false)
	if st.MachineExact() {
		t.Fatal("toggled off, the trace still runs")
	}
	if strings.Contains(p.caption.Text, "Exact") {
		t.Errorf("caption %q after the trace stopped", p.caption.Text)
	}
	if after := fds(); after != before {
		t.Errorf("open fds: %d with the toggle off before, %d after on and off", before, after)
	}
}

// TestMachineToggleOffForOtherSources: showing a recording or a remote host disables the
// whole-machine toggle (this kernel's switches are not that machine's), and the live machine
// brings it back.
func TestMachineToggleOffForOtherSources(t *testing.T) {
	test.NewTempApp(t)
	st := model.NewState()
	m := newMachineControl(st, trace.Options{})
	if m.check.Disabled() {
		t.Skip("whole-machine tracing is not permitted here; the refusal has its own test")
	}
	for _, kind := range []model.SourceKind{model.SourceReplay, model.SourceRemote} {
		st.SetSourceInfo(model.SourceInfo{Kind: kind, Host: "elsewhere"})
		if !m.check.Disabled() {
			t.Errorf("source %v: the toggle is still enabled", kind)
		}
		st.SetSourceInfo(model.SourceInfo{Kind: model.SourceLive})
		if m.check.Disabled() {
			t.Errorf("back to the live machine after %v: the toggle stays disabled", kind)
		}
	}
}
