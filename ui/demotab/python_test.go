package demotab

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/taskscope/taskscope/ui/model/modeltest"
	"github.com/taskscope/taskscope/ui/widgets"
)

func TestPythonCardShowsRecordedComparison(t *testing.T) {
	p := newTestPanel(t)
	c := cardOf[*pythonCard](p.panel)
	if got := c.args(); strings.Join(got, " ") != "--workers "+strings.Fields(c.nWorkers.Text)[0]+" --mode compare" {
		t.Errorf("args %q", got)
	}
	fakeRun(c.slot, 3, 300)
	feed(c.slot,
		modeltest.Ev("ready", "pid", 301, "python", "3.11.2", "python_path", "/usr/bin/python3", "free_threaded", false),
		modeltest.Ev("worker", "worker", 1, "pid", 301, "tid", 305, "name", "py-worker-1", "phase", "threads"),
		modeltest.Ev("result", "mode", "compare", "python", "3.11.2", "python_path", "/usr/bin/python3", "free_threaded", false,
			"workers", 2, "cores", 2, "threads_speedup", 0.96, "processes_speedup", 1.93, "io_speedup", 1.99,
			"threads_cpu_parallelism", 0.99, "processes_cpu_parallelism", 1.95),
		modeltest.Ev("note", "topic", "free_threaded", "message", "no free-threaded CPython (python3.13t or later) on PATH"))
	if v := barValue(t, c.chart, "2 threads (GIL)"); v != 0.96 {
		t.Errorf("threads bar %v", v)
	}
	if v := barValue(t, c.chart, "2 processes"); v != 1.93 {
		t.Errorf("processes bar %v", v)
	}
	modeltest.WantContains(t, "verdict", c.verdict.Text, "The GIL holds", "0.96x", "1.93x", "overlapped: 1.99x")
	modeltest.WantContains(t, "which", c.which.Text, "Python 3.11.2 at /usr/bin/python3")
	// The worker's process is marked in the process table like any demo's.
	if !p.st.Marked()[301] {
		t.Errorf("marked %v, want the Python's pid 301", p.st.Marked())
	}
	// A free-threaded build's result comes beside, with its own bar.
	feed(c.slot, modeltest.Ev("result", "mode", "compare", "python", "3.13.1", "free_threaded", true, "workers", 2,
		"threads_speedup", 1.9, "processes_speedup", 1.9, "io_speedup", 2.0))
	if v := barValue(t, c.chart, "2 threads (free-threaded 3.13.1)"); v != 1.9 {
		t.Errorf("free-threaded bar %v", v)
	}
	modeltest.WantContains(t, "verdict", c.verdict.Text, "Free-threaded Python 3.13.1: threads 1.90x")
}

func TestPythonCardsSayHowToInstallPython(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	p := newTestPanel(t)
	py := cardOf[*pythonCard](p.panel)
	modeltest.WantContains(t, "python verdict", py.verdict.Text, "No python3", "sudo apt-get install python3")
	modeltest.WantContains(t, "python which", py.which.Text, "sudo apt-get install python3")
	cow := cardOf[*forkcowCard](p.panel)
	modeltest.WantContains(t, "forkcow verdict", cow.verdict.Text, "No python3", "sudo apt-get install python3")
}

func TestForkcowCardShowsRecordedRun(t *testing.T) {
	p := newTestPanel(t)
	c := cardOf[*forkcowCard](p.panel)
	fakeRun(c.slot, 4, 400)
	feed(c.slot,
		modeltest.Ev("ready", "pid", 401, "data_bytes", 64<<20, "children", 2),
		modeltest.Ev("child", "child", 1, "pid", 402, "phase", "after_fork", "private_bytes", 950000, "shared_bytes", 77000000),
		modeltest.Ev("result", "data_bytes", 64<<20, "children", 2, "child_private_after_fork_bytes", 950000,
			"child_shared_after_fork_bytes", 77000000, "child_private_after_write_bytes", 68000000,
			"child_shared_after_write_bytes", 11000000, "parent_private_bytes", 71000000))
	if v := barValue(t, c.chart, "after fork: child's own"); v != 950000 {
		t.Errorf("after fork bar %v", v)
	}
	if v := barValue(t, c.chart, "after write: child's own"); v != 68000000 {
		t.Errorf("after write bar %v", v)
	}
	modeltest.WantContains(t, "verdict", c.verdict.Text, "Wrong", "copied when written")
}

// TestPythonCardsFitAProjectorWithTheirLongestFigures checks the lecture rule with the most a
// card shows: the python card beside a free-threaded run (four bars, the longest verdict), the
// fork card with its figures. In presentation mode at 1280x720 the window's meters and main tabs
// leave the Demos panel about 595 px (measured on a screenshot); the card must fit in it without
// scrolling, so its controls, bars and verdict are all on the screen.
func TestPythonCardsFitAProjectorWithTheirLongestFigures(t *testing.T) {
	const panelHeight, width = 595, 1280
	p := newTestPanel(t)
	fyne.CurrentApp().Settings().SetTheme(widgets.NewPresentationTheme())
	p.st.SetPresentation(true)
	win := p.win
	win.Resize(fyne.NewSize(width, panelHeight))
	for i, e := range registry {
		var last fyne.CanvasObject
		switch cc := p.cards[i].(type) {
		case *pythonCard:
			last = cc.verdict
			fakeRun(cc.slot, 8, 800)
			feed(cc.slot, modeltest.Ev("result", "mode", "compare", "python", "3.11.2", "free_threaded", false, "workers", 16, "cores", 2,
				"threads_speedup", 0.96, "processes_speedup", 1.93, "io_speedup", 15.85, "threads_cpu_parallelism", 0.99,
				"processes_cpu_parallelism", 1.95),
				modeltest.Ev("result", "mode", "compare", "python", "3.14.0", "free_threaded", true, "workers", 16,
					"threads_speedup", 1.91, "processes_speedup", 1.9, "io_speedup", 15.8))
		case *forkcowCard:
			last = cc.verdict
			fakeRun(cc.slot, 9, 900)
			feed(cc.slot, modeltest.Ev("result", "data_bytes", 256<<20, "children", 3, "child_private_after_fork_bytes", 950000,
				"child_shared_after_fork_bytes", 277000000, "child_private_after_write_bytes", 268000000,
				"child_shared_after_write_bytes", 11000000, "parent_private_bytes", 271000000))
		default:
			continue
		}
		p.tabs.SelectIndex(i)
		p.relayout()
		s := p.scrolls[i]
		d := fyne.CurrentApp().Driver()
		if cs := win.Canvas().Size(); cs.Width > width+0.5 {
			t.Fatalf("the test window is %vx%v, not %d wide", cs.Width, cs.Height, width)
		}
		// The card's own minimum is what its tab must show; the sub-tab row above it is in the panel.
		if need, have := s.Content.MinSize().Height, panelHeight-(d.AbsolutePositionForObject(s).Y-d.AbsolutePositionForObject(p.tabs).Y); need > have {
			t.Errorf("%s: the card needs %.0f px of height, its tab shows %.0f: it would scroll", e.title, need, have)
		}
		if bottom := d.AbsolutePositionForObject(last).Y + last.Size().Height; bottom > panelHeight {
			t.Errorf("%s: the verdict ends at %.0f px, below the %d px panel", e.title, bottom, panelHeight)
		}
		if w := p.cards[i].widget().MinSize().Width; w > width {
			t.Errorf("%s: the card needs %.0f px of width", e.title, w)
		}
		t.Logf("%s: needs %.0f px; the window is %v", e.title, s.Content.MinSize().Height, win.Canvas().Size())
	}
}
