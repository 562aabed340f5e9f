package model

import (
	"fmt"
	"slices"
	"sync"
	"time"
)

// PlaybackSpeeds are the speeds a recording can be played at, slowest first.
var PlaybackSpeeds = []float64{0.25, 0.5, 1, 2, 4, 8}

// Playback is the clock of a recording being replayed: where in the recording the window is,
// whether it plays, and how fast. The UI changes it (play, pause, speed, scrubbing) and the
// replay source reads its position for every sample, from another goroutine, hence the lock.
type Playback struct {
	mu      sync.Mutex
	dur     time.Duration
	pos     time.Duration // the position at since
	since   time.Time     // the wall time pos was last set or advanced
	playing bool
	speed   float64
	now     func() time.Time
}

// NewPlayback returns a paused playback at the start of a recording dur long. now is the
// clock (time.Now; tests pass their own).
func NewPlayback(dur time.Duration, now func() time.Time) *Playback {
	if now == nil {
		now = time.Now
	}
	return &Playback{dur: max(dur, 0), speed: 1, now: now}
}

// advance moves pos to the present; the caller holds mu. Reaching the end pauses there.
func (p *Playback) advance() {
	t := p.now()
	if p.playing {
		p.pos += time.Duration(float64(t.Sub(p.since)) * p.speed)
		if p.pos >= p.dur {
			p.pos, p.playing = p.dur, false
		}
	}
	p.since = t
}

// Position returns how far into the recording the playback is.
func (p *Playback) Position() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.advance()
	return p.pos
}

// Duration returns the recording's length.
func (p *Playback) Duration() time.Duration { return p.dur }

// Playing reports whether the playback runs (it stops by itself at the end).
func (p *Playback) Playing() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.advance()
	return p.playing
}

// Play starts playing; at the end, it starts again from the beginning.
func (p *Playback) Play() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.advance()
	if p.pos >= p.dur {
		p.pos = 0
	}
	p.playing = p.dur > 0
}

// Pause stops where it is.
func (p *Playback) Pause() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.advance()
	p.playing = false
}

// Toggle plays when paused and pauses when playing, and reports whether it now plays.
func (p *Playback) Toggle() bool {
	if p.Playing() {
		p.Pause()
		return false
	}
	p.Play()
	return p.Playing()
}

// Seek moves to d into the recording (clamped to it), playing on if it was playing.
func (p *Playback) Seek(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.advance()
	p.pos = min(max(d, 0), p.dur)
}

// SeekFraction moves to the fraction f (0 to 1) of the recording, as a scrubber gives it.
func (p *Playback) SeekFraction(f float64) {
	p.Seek(time.Duration(min(max(f, 0), 1) * float64(p.dur)))
}

// Fraction returns the position as a fraction of the recording, for a scrubber.
func (p *Playback) Fraction() float64 {
	if p.dur <= 0 {
		return 0
	}
	return float64(p.Position()) / float64(p.dur)
}

// Speed returns the playback speed.
func (p *Playback) Speed() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.speed
}

// SetSpeed sets the speed to s, which must be one of PlaybackSpeeds.
func (p *Playback) SetSpeed(s float64) error {
	if !slices.Contains(PlaybackSpeeds, s) {
		return fmt.Errorf("playback speed %gx is not offered (0.25x to 8x)", s)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.advance()
	p.speed = s
	return nil
}

// Faster and Slower step through PlaybackSpeeds, staying at the ends.
func (p *Playback) Faster() float64 { return p.step(1) }

// Slower: see Faster.
func (p *Playback) Slower() float64 { return p.step(-1) }

func (p *Playback) step(dir int) float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.advance()
	i := slices.Index(PlaybackSpeeds, p.speed)
	i = min(max(i+dir, 0), len(PlaybackSpeeds)-1)
	p.speed = PlaybackSpeeds[i]
	return p.speed
}

// Label says where the playback is, for the controls: "0:42 / 1:00:00  2x  paused".
func (p *Playback) Label() string {
	pos, playing, speed := p.Position(), p.Playing(), p.Speed()
	state := "playing"
	switch {
	case !playing && pos >= p.dur:
		state = "at the end"
	case !playing:
		state = "paused"
	}
	return fmt.Sprintf("%s / %s  %sx  %s", Clock(pos), Clock(p.dur), speedText(speed), state)
}

// Clock formats a position as m:ss, or h:mm:ss from an hour on.
func Clock(d time.Duration) string {
	s := int64(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func speedText(s float64) string { return fmt.Sprintf("%g", s) }
