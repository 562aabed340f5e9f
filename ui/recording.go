package ui

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// Keys of the recording menu items.
var (
	shortcutRecord = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutOpen   = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
)

// recordingUI is the window's part in recordings: File → Record with its red dot, elapsed time
// and size; File → Open recording… with the playback bar; File → Export trace…. The window
// holds one; its methods run on the UI goroutine.
type recordingUI struct {
	m        *mainWindow
	rec      *model.Recorder
	lastPath string // the last recording made or opened, which Export trace… offers
	// The Timeline tab's trace is written up to traced; traceStart tells its session apart
	// from the next one's.
	traced, traceStart int64

	// The strip above the header: the red dot while recording, the banner and bar while
	// replaying. Each part is hidden when not in use.
	top      *fyne.Container
	recRow   *fyne.Container
	recLabel *widget.Label
	play     playbar

	recordItem, liveItem *fyne.MenuItem
	// remote names the remote host the window shows (--remote), which a recording may not
	// replace; "" for this machine.
	remote string
}

// newRecordingUI builds the recording strip into the header and registers its keys.
func newRecordingUI(m *mainWindow) *recordingUI {
	r := &recordingUI{m: m}
	dot := canvas.NewCircle(color.NRGBA{R: 0xe0, G: 0x20, B: 0x20, A: 0xff})
	dot.Resize(fyne.NewSize(14, 14))
	r.recLabel = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}
	stop := &widget.Button{Text: "Stop recording", Icon: theme.MediaStopIcon(), OnTapped: r.stopRecording}
	r.recRow = container.NewHBox(container.NewCenter(container.NewGridWrap(fyne.NewSize(14, 14), dot)), r.recLabel, stop)
	r.recRow.Hide()
	r.play = newPlaybar(r)
	r.top = container.NewVBox(r.play.box, r.recRow)
	if box, ok := m.header.box.(*fyne.Container); ok {
		box.Objects = append([]fyne.CanvasObject{r.top}, box.Objects...)
	}
	r.recordItem = &fyne.MenuItem{Label: "Record", Shortcut: shortcutRecord, Action: r.toggleRecording}
	r.liveItem = &fyne.MenuItem{Label: "Back to the live machine", Action: r.backToLive, Disabled: true}
	c := m.win.Canvas()
	c.AddShortcut(shortcutRecord, func(fyne.Shortcut) { r.toggleRecording() })
	c.AddShortcut(shortcutOpen, func(fyne.Shortcut) { r.askOpen() })
	m.st.SubscribeLive(func(s *inspect.Snapshot) {
		if r.rec != nil && m.st.Replaying() == nil {
			r.rec.Append(s)
		}
	})
	m.st.Subscribe(func(*inspect.Snapshot) { r.refresh() })
	m.st.OnQuit(func() { r.stopRecording() })
	return r
}

// menuItems are the File menu's recording entries.
func (r *recordingUI) menuItems() []*fyne.MenuItem {
	return []*fyne.MenuItem{r.recordItem,
		{Label: "Open recording…", Shortcut: shortcutOpen, Action: r.askOpen},
		r.liveItem,
		{Label: "Export trace…", Action: r.askExportTrace},
		fyne.NewMenuItemSeparator()}
}

// recordingsDir is where File → Record writes: ~/taskscope-recordings, made when needed.
func recordingsDir() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(home, "taskscope-recordings")
	return dir, os.MkdirAll(dir, 0o755)
}

func (r *recordingUI) toggleRecording() {
	if r.rec != nil {
		r.stopRecording()
		return
	}
	r.startRecording()
}

// startRecording begins writing every live sample to a new file in recordingsDir, at once: a
// lecturer presses Ctrl+R and talks on.
func (r *recordingUI) startRecording() {
	m := r.m
	if m.st.Replaying() != nil {
		showMessage(m.win, "Not recording", "A recording is shown: go back to the live machine (File menu) to record.")
		return
	}
	s := m.st.Live()
	if s == nil {
		showMessage(m.win, "Not recording", "No sample has been taken yet.")
		return
	}
	dir, err := recordingsDir()
	if err != nil {
		showError(m.win, fmt.Errorf("cannot record: %w", err))
		return
	}
	name := fmt.Sprintf("%s-%s.tsrec", s.Host.Hostname, time.Now().Format("20060102-150405"))
	rec, err := model.StartRecorder(filepath.Join(dir, name), s, m.interval)
	if err != nil {
		showError(m.win, fmt.Errorf("cannot record: %w", err))
		return
	}
	r.rec, r.lastPath = rec, filepath.Join(dir, name)
	r.traced, r.traceStart = 0, 0
	rec.Append(s)
	r.recordItem.Label = "Stop recording"
	m.menus.main.Refresh()
	r.recRow.Show()
	r.refresh()
	m.setStatus("Recording to " + r.lastPath)
}

// stopRecording closes the file and says where it is, or why it stopped early.
func (r *recordingUI) stopRecording() {
	if r.rec == nil {
		return
	}
	err := r.rec.Stop()
	st := r.rec.Status()
	r.rec = nil
	r.recRow.Hide()
	r.recordItem.Label = "Record"
	r.m.menus.main.Refresh()
	if err != nil {
		showError(r.m.win, fmt.Errorf("the recording stopped: %w (what was written before stays readable in %s)", err, st.Path))
		return
	}
	r.m.setStatus(fmt.Sprintf("Recorded %d samples over %s to %s", st.Samples, model.Clock(st.Elapsed), st.Path))
}

// refresh brings the red dot's label and the playback bar up to date. It runs with every
// sample the window shows (the worker's pace: the refresh interval, or the replay's), so no
// timer of its own touches the widgets.
func (r *recordingUI) refresh() {
	if r.rec != nil {
		r.recordTrace()
		st := r.rec.Status()
		widgets.SetText(r.recLabel, st.Label())
		if st.Err != nil {
			r.stopRecording()
		}
	}
	if p := r.m.st.Replaying(); p != nil {
		r.play.sync(p)
		if r.m.timeline != nil {
			r.m.timeline.FitRecorded()
		}
	}
}

// startWith puts the window in replay mode when it opens on a recording (--open FILE).
func (r *recordingUI) startWith(src model.Source) {
	rp, ok := src.(*model.Replay)
	if !ok {
		return
	}
	r.lastPath = rp.Path()
	r.m.st.SetReplay(rp)
	r.m.work.SetInterval(replayInterval(rp)) // the worker does not run yet
	r.enterReplay(rp)
}

// recordTrace appends what the Timeline tab traced since the last call to the recording.
func (r *recordingUI) recordTrace() {
	if r.m.timeline == nil {
		return
	}
	tr := r.m.timeline.LiveTrace()
	if tr == nil {
		return
	}
	if tr.StartNS != r.traceStart {
		r.traceStart, r.traced = tr.StartNS, 0 // another session
	}
	if tr.EndNS > r.traced {
		r.rec.AppendTrace(tr, r.traced)
		r.traced = tr.EndNS
	}
}
