package ui

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/taskscope/taskscope/record"
	"github.com/taskscope/taskscope/ui/model"
)

// The open-recording flow: File → Open recording… and --open show a recording in place of the
// live machine (demos, signals and pinning off), Back to the live machine returns, and Export
// trace… writes a recording as Trace Event Format.

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
	r.play.banner.SetText(rp.Title() + " · not the live machine: demos, signals and pinning are off")
	r.play.wire(rp)
	r.play.sync(rp)
	r.play.box.Show()
	r.recordItem.Disabled, r.liveItem.Disabled = true, false
	m.menus.main.Refresh()
	m.win.SetTitle("Taskscope · recording of " + rp.Header().Hostname)
	m.procs.Interval.Disable()
	// Pinning and renicing act on the live machine's processes by PID: never from a recording.
	m.detail.Sched.Box.Hide()
	m.refillTab("demos")
	m.st.SetSourceInfo(rp.SourceInfo())
	// The Timeline tab draws the recording's trace and publishes it to the Cores lanes, so it
	// is built now if it was not yet.
	m.timelineTab().ShowReplay(rp)
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
	m.procs.Interval.Enable()
	m.detail.Sched.Box.Show()
	m.st.SetSourceInfo(model.SourceInfo{Kind: model.SourceLive, Self: model.SelfOf(src)})
	if m.timeline != nil {
		m.timeline.LeaveReplay()
	}
	r.machineItems("")
	m.refillTab("demos")
	m.setStatus("Live")
}

// askExportTrace writes a recording as Trace Event Format JSON for Perfetto: the one shown, or
// the last one made; otherwise it asks which.
func (r *recordingUI) askExportTrace() {
	if r.rec != nil {
		showMessage(r.m.win, "Still recording", "Stop the recording first (File → Stop recording), then export it.")
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
