package demotab

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
)

// ReplayTab is the Demos tab while a recording is shown: the same cards, fed the demo events
// the recording holds up to the moment shown, read-only (nothing launches from it). Cards keep
// what earlier runs showed (the race card compares its runs), so going back in time builds
// fresh cards and replays the events up to the new moment.
type ReplayTab struct {
	st       *model.State
	launcher *demos.Launcher
	p        *panel
	stack    *fyne.Container
	cursor   *model.DemoCursor
	// rp is the recording shown, nil for none.
	rp *model.Replay
	// runs counts the recorded launches down from zero: the IDs of their runs.
	runs int
}

// NewReplay builds the read-only Demos tab for recordings on the view state. The window builds
// one and hands it each recording it opens (Show).
func NewReplay(st *model.State) *ReplayTab {
	t := &ReplayTab{st: st, launcher: demos.NewLauncher(), stack: container.NewStack()}
	t.build()
	st.Subscribe(func(snap *inspect.Snapshot) {
		if t.cursor != nil && snap != nil {
			t.moveTo(snap)
		}
	})
	return t
}

// build makes fresh cards, on the card shown before. Cards are built the first time they are
// shown or get an event (panel.cardAt), read-only (readOnly).
func (t *ReplayTab) build() {
	shown := 0
	if t.p != nil {
		shown = t.p.tabs.SelectedIndex()
		t.p.close() // the old cards hear of nothing more
	}
	t.p = newPanel(t.st, t.launcher, fyne.Do)
	t.p.readOnly = true
	t.p.tabs.SelectIndex(shown)
	t.p.cardAt(shown)
	t.stack.Objects = []fyne.CanvasObject{t.p.content}
	t.stack.Refresh()
}

// slot is the index-th slot of the card named card, building the card if needed; nil for a
// card this version does not have.
func (t *ReplayTab) slot(card string, index int) *slot {
	for i, e := range registry {
		if e.name == card {
			if sl := t.p.cardAt(i).slots(); index >= 0 && index < len(sl) {
				return sl[index]
			}
		}
	}
	return nil
}

// Content is what the window shows as the tab.
func (t *ReplayTab) Content() fyne.CanvasObject { return t.stack }

// Show starts showing rp's demo events (none when it holds none); nil stops.
func (t *ReplayTab) Show(rp *model.Replay) {
	t.build()
	t.rp = rp
	t.cursor = nil
	if rp != nil {
		t.cursor = model.NewDemoCursor(rp.DemoEvents())
		if cur := t.p.st.Current(); cur != nil {
			t.moveTo(cur)
		}
	}
}

// Showing is the recording shown, nil for none.
func (t *ReplayTab) Showing() *model.Replay { return t.rp }

// Events is how many demo events the recording shown holds.
func (t *ReplayTab) Events() int {
	if t.cursor == nil {
		return 0
	}
	return t.cursor.Len()
}

// ShowCard brings the card of that name on screen.
func (t *ReplayTab) ShowCard(name string) bool {
	for i, e := range registry {
		if e.name == name {
			t.p.tabs.SelectIndex(i)
			t.p.cardAt(i) // selecting the sub-tab already on screen calls no OnSelected
			return true
		}
	}
	return false
}

func (t *ReplayTab) moveTo(snap *inspect.Snapshot) {
	clear, apply := t.cursor.MoveTo(snap.Taken)
	if clear {
		t.build()
	}
	for _, e := range apply {
		s := t.slot(e.Card, e.Slot)
		if s == nil {
			continue // a card this version does not have
		}
		ev := demos.Event(e.Event)
		// The log says when the event happened, not when the replay reached it.
		at := e.At
		s.log.clock = func() time.Time { return at }
		if ev.Kind() == model.DemoLaunch {
			t.launched(s, ev)
			continue
		}
		s.apply(ev)
	}
	// An event may have turned a control on (a tab's commands once it is alive).
	t.p.lockControls()
}

// launched starts slot s on a recorded launch: a run with no process behind it (its ID below
// zero, apart from the launcher's), so the card resets and marks the demo's PID in the
// recording's tables as it did live; "exited" ends it the same way.
func (t *ReplayTab) launched(s *slot, ev demos.Event) {
	args, _ := ev["args"].([]any)
	words := make([]string, len(args))
	for i, a := range args {
		words[i] = fmt.Sprint(a)
	}
	t.runs--
	pid, _ := ev.Int("pid")
	s.started(&demos.Running{ID: t.runs, Name: ev.String("demo"), Args: words, PID: pid})
	s.log.add(fmt.Sprintf("started: taskscope demo %s %s", ev.String("demo"), strings.Join(words, " ")))
	s.setStatus("Running in the recording (read-only).", widget.MediumImportance)
}
