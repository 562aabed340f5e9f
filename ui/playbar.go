package ui

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/record"
	"github.com/taskscope/taskscope/ui/demotab"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// scrubSteps is the scrubber's resolution: a thousandth of the recording.
const scrubSteps = 1000

// playbar is the strip shown while a recording is replayed: a banner saying plainly that this is
// a recording, of which host and when, and the controls: play/pause, speed, a scrubber over the
// whole recording and the position.
type playbar struct {
	r      *recordingUI
	box    *fyne.Container
	banner *widget.Label
	play   *widget.Button
	speed  *widget.Select
	scrub  *widget.Slider
	pos    *widget.Label
	// live and export put Back to the live machine and Export trace… on screen: presentation
	// mode hides the File menu that also holds them.
	live, export *widget.Button
	syncing      bool // set while the code, not the user, moves the scrubber
}

func newPlaybar(r *recordingUI) playbar {
	p := playbar{r: r}
	p.banner = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Importance: widget.WarningImportance,
		Truncation: fyne.TextTruncateEllipsis}
	p.play = &widget.Button{Text: "Play", Icon: theme.MediaPlayIcon(), Importance: widget.HighImportance}
	var labels []string
	for _, s := range model.PlaybackSpeeds {
		labels = append(labels, speedLabel(s))
	}
	p.speed = widget.NewSelect(labels, nil)
	p.speed.Selected = speedLabel(1)
	p.scrub = &widget.Slider{Min: 0, Max: scrubSteps, Step: 1, Orientation: widget.Horizontal}
	p.scrub.ExtendBaseWidget(p.scrub)
	p.pos = &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}}
	p.live = &widget.Button{Text: "Live (Ctrl+Shift+L)", Icon: theme.NavigateBackIcon(), OnTapped: r.backToLive}
	p.export = &widget.Button{Text: "Export trace", Icon: theme.DocumentSaveIcon(), OnTapped: r.askExportTrace}
	controls := container.NewHBox(p.live, p.play, p.speed)
	p.box = container.NewVBox(p.banner, container.NewBorder(nil, nil, controls, container.NewHBox(p.pos, p.export), p.scrub))
	p.box.Hide()
	return p
}

// wire connects the controls to the replay p.
func (p *playbar) wire(rp *model.Replay) {
	pb := rp.Playback()
	m := p.r.m
	p.play.OnTapped = func() {
		pb.Toggle()
		p.sync(rp)
		m.work.Post(func(w *model.Worker) { w.Sample() })
	}
	p.speed.OnChanged = func(s string) {
		v, err := strconv.ParseFloat(strings.TrimSuffix(s, "x"), 64)
		if err == nil && pb.SetSpeed(v) == nil {
			m.work.Post(func(w *model.Worker) { w.SetInterval(replayInterval(rp)) })
		}
	}
	p.scrub.OnChanged = func(v float64) {
		if !p.syncing {
			widgets.SetText(p.pos, positionText(time.Duration(v/scrubSteps*float64(pb.Duration())), pb))
		}
	}
	p.scrub.OnChangeEnded = func(v float64) {
		if p.syncing {
			return
		}
		pb.SeekFraction(v / scrubSteps)
		// Time jumps: the lanes and the freeze slider's history start again from here.
		m.st.Rewind()
		m.work.Post(func(w *model.Worker) { w.Sample() })
		p.sync(rp)
	}
}

// sync shows the playback's state in the controls.
func (p *playbar) sync(rp *model.Replay) {
	pb := rp.Playback()
	if pb.Playing() {
		p.play.SetText("Pause")
		p.play.SetIcon(theme.MediaPauseIcon())
	} else {
		p.play.SetText("Play")
		p.play.SetIcon(theme.MediaPlayIcon())
	}
	widgets.SetText(p.pos, positionText(pb.Position(), pb))
	p.syncing = true
	if v := pb.Fraction() * scrubSteps; p.scrub.Value != v {
		p.scrub.SetValue(v)
	}
	p.syncing = false
}

func positionText(at time.Duration, pb *model.Playback) string {
	return model.Clock(at) + " / " + model.Clock(pb.Duration())
}

func speedLabel(s float64) string { return strconv.FormatFloat(s, 'g', -1, 64) + "x" }

// replayInterval is how often the worker takes a sample of a replay: the recording's own
// interval at the playback's speed, within what the table can redraw and a person can follow.
func replayInterval(rp *model.Replay) time.Duration {
	rec := rp.Header().Interval
	if rec <= 0 {
		rec = time.Second
	}
	d := time.Duration(float64(rec) / rp.Playback().Speed())
	return min(max(d, 250*time.Millisecond), 5*time.Second)
}

// askOpen asks for a recording to show.
func (r *recordingUI) askOpen() {
	if r.remote != "" {
		// Back to the live machine would then mean this one, not the remote host.
		showMessage(r.m.win, "Not opened", "This window shows the remote host "+r.remote+
			". Open the recording in a window of its own: taskscope --open FILE.")
		return
	}
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			showError(r.m.win, err)
			return
		}
		if rc == nil {
			return
		}
		path := rc.URI().Path()
		rc.Close()
		r.open(path)
	}, r.m.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".tsrec"}))
	d.Show()
}

// open shows the recording at path in the window, paused at its start: the worker reads it
// instead of the machine; demos, signals and recording are off until Back to the live machine.
func (r *recordingUI) open(path string) {
	m := r.m
	rp, err := model.OpenReplay(path)
	if err != nil {
		showError(m.win, fmt.Errorf("cannot open the recording: %w", err))
		return
	}
	r.stopRecording()
	r.lastPath = path
	m.st.SetReplay(rp)
	m.work.Post(func(w *model.Worker) {
		w.SetInterval(replayInterval(rp))
		w.SetSource(rp)
	})
	r.enterReplay(rp)
}

// enterReplay switches the window's controls to a replay.
func (r *recordingUI) enterReplay(rp *model.Replay) {
	m := r.m
	r.play.banner.SetText(rp.Title() + " · not the live machine: signals and pinning are off, demo cards show what was recorded")
	r.play.wire(rp)
	r.play.sync(rp)
	r.play.box.Show()
	r.recordItem.Disabled, r.liveItem.Disabled = true, false
	m.menus.main.Refresh()
	m.win.SetTitle("Taskscope · recording of " + rp.Header().Hostname)
	m.procs.interval.Disable()
	// Pinning and renicing act on the live machine's processes by PID: never from a recording.
	m.detail.sched.box.Hide()
	if i := slices.Index(tabNames, "demos"); i >= 0 && i < len(m.tabs.Items) && r.demosContent == nil {
		r.demosContent = m.tabs.Items[i].Content
		// The cards as the recording saw them, read-only; a recording made without any demo
		// says so instead of showing empty cards.
		if len(rp.DemoEvents()) > 0 {
			if r.demoReplay == nil {
				r.demoReplay = demotab.NewReplay(m.st)
			}
			r.demoReplay.Show(rp)
			if shown := m.demos.Shown(); shown != "" {
				r.demoReplay.ShowCard(shown)
			}
			m.tabs.Items[i].Content = r.demoReplay.Content()
		} else {
			m.tabs.Items[i].Content = container.NewCenter(&widget.Label{
				Text: "No demo ran while this recording was made. Demos run on the live machine: Live (Ctrl+Shift+L) goes back to it."})
		}
		m.tabs.Refresh()
	}
	m.st.SetSourceInfo(rp.SourceInfo())
	if m.timeline != nil {
		m.timeline.ShowReplay(rp)
	}
	r.machineItems(model.ReplayTracingOff)
	if probs := rp.Problems(); len(probs) > 0 {
		m.setStatus(probs[0])
	} else {
		m.setStatus("Opened " + rp.Path())
	}
}

// machineItems turns File → Run program… and Trace process… off while why is not "" (they
// would trace the live machine, not what is shown), and on again with "". Asked for anyway
// (the detail pane's Trace button), they say why on the status line and the Timeline tab.
func (r *recordingUI) machineItems(why string) {
	m := r.m
	if m.menus == nil || m.menus.main == nil {
		return
	}
	for _, menu := range m.menus.main.Items {
		for _, it := range menu.Items {
			if it.Label == "Run program…" || it.Label == "Trace process…" {
				it.Disabled = why != ""
			}
		}
	}
	m.menus.main.Refresh()
}

// backToLive shows the live machine again.
func (r *recordingUI) backToLive() {
	m := r.m
	if m.st.Replaying() == nil {
		return
	}
	src, err := model.NewLive(procRoot)
	if err != nil {
		showError(m.win, err)
		return
	}
	m.st.SetReplay(nil)
	interval := m.interval
	m.work.Post(func(w *model.Worker) {
		w.SetInterval(interval)
		w.SetSource(src)
	})
	r.play.box.Hide()
	r.recordItem.Disabled, r.liveItem.Disabled = false, true
	m.menus.main.Refresh()
	m.win.SetTitle("Taskscope")
	m.procs.interval.Enable()
	m.detail.sched.box.Show()
	m.st.SetSourceInfo(model.SourceInfo{Kind: model.SourceLive})
	if m.timeline != nil {
		m.timeline.LeaveReplay()
	}
	r.machineItems("")
	if r.demoReplay != nil {
		r.demoReplay.Show(nil)
	}
	if r.demosContent != nil {
		m.tabs.Items[slices.Index(tabNames, "demos")].Content = r.demosContent
		r.demosContent = nil
		m.tabs.Refresh()
	}
	m.setStatus("Live")
}

// askExportTrace writes a recording as Trace Event Format JSON for Perfetto: the one shown, or
// the last one made; otherwise it asks which.
func (r *recordingUI) askExportTrace() {
	if r.rec != nil {
		showMessage(r.m.win, "Still recording", "Stop the recording first (Stop recording beside the red dot, or Ctrl+R), then export it.")
		return
	}
	if r.lastPath == "" {
		d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
			if err != nil || rc == nil {
				return
			}
			path := rc.URI().Path()
			rc.Close()
			r.exportTrace(path)
		}, r.m.win)
		d.SetFilter(storage.NewExtensionFileFilter([]string{".tsrec"}))
		d.Show()
		return
	}
	r.exportTrace(r.lastPath)
}

// exportTrace asks where to save the export of the recording at path.
func (r *recordingUI) exportTrace(path string) {
	name := strings.TrimSuffix(filepath.Base(path), ".tsrec") + ".json"
	showSave(r.m.win, "json", name, func(w io.Writer) error {
		rd, err := record.Open(path)
		if err != nil {
			return err
		}
		defer rd.Close()
		return record.Export(rd, w)
	}, func(out string, err error) {
		if err != nil {
			showError(r.m.win, fmt.Errorf("trace not exported: %w", err))
			return
		}
		r.m.setStatus("Exported " + out + ": open it at ui.perfetto.dev (Open trace file) or in chrome://tracing")
	})
}
