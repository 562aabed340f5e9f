package ui

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// scrubSteps is the scrubber's resolution: a thousandth of the recording.
const scrubSteps = 1000

// playbar is the strip shown while a recording is replayed: a banner saying plainly that this is
// a recording, of which host and when, and the controls: play/pause, speed, a scrubber over the
// whole recording and the position.
type playbar struct {
	r       *recordingUI
	box     *fyne.Container
	banner  *widget.Label
	play    *widget.Button
	speed   *widget.Select
	scrub   *widget.Slider
	pos     *widget.Label
	syncing bool // set while the code, not the user, moves the scrubber
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
	controls := container.NewHBox(p.play, p.speed)
	p.box = container.NewVBox(p.banner, container.NewBorder(nil, nil, controls, p.pos, p.scrub))
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
