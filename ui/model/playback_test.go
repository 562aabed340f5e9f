package model

import (
	"testing"
	"time"
)

// fakeClock is a clock a test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newFakeClock() *fakeClock           { return &fakeClock{t: time.Unix(1000, 0)} }
func approx(a, b time.Duration) bool     { return a-b < time.Millisecond && b-a < time.Millisecond }
func mustSpeed(t *testing.T, p *Playback, s float64) {
	t.Helper()
	if err := p.SetSpeed(s); err != nil {
		t.Fatal(err)
	}
}

func TestPlayback(t *testing.T) {
	c := newFakeClock()
	p := NewPlayback(time.Minute, c.now)
	steps := []struct {
		name    string
		do      func()
		pos     time.Duration
		playing bool
	}{
		{"starts paused at 0", func() {}, 0, false},
		{"paused: time passes, position stays", func() { c.add(5 * time.Second) }, 0, false},
		{"play 10 s at 1x", func() { p.Play(); c.add(10 * time.Second) }, 10 * time.Second, true},
		{"8x for 2 s", func() { mustSpeed(t, p, 8); c.add(2 * time.Second) }, 26 * time.Second, true},
		{"0.25x for 4 s", func() { mustSpeed(t, p, 0.25); c.add(4 * time.Second) }, 27 * time.Second, true},
		{"pause holds", func() { p.Pause(); c.add(time.Hour) }, 27 * time.Second, false},
		{"seek while paused", func() { p.Seek(50 * time.Second) }, 50 * time.Second, false},
		{"seek before the start clamps", func() { p.Seek(-time.Second) }, 0, false},
		{"scrub to three quarters", func() { p.SeekFraction(0.75) }, 45 * time.Second, false},
		{"play at 1x to the end stops there", func() { mustSpeed(t, p, 1); p.Play(); c.add(time.Hour) }, time.Minute, false},
		{"play at the end starts over", func() { p.Play(); c.add(time.Second) }, time.Second, true},
		{"seek while playing plays on", func() { p.Seek(30 * time.Second); c.add(2 * time.Second) }, 32 * time.Second, true},
		{"toggle pauses", func() { p.Toggle(); c.add(3 * time.Second) }, 32 * time.Second, false},
	}
	for _, s := range steps {
		s.do()
		if got := p.Position(); !approx(got, s.pos) || p.Playing() != s.playing {
			t.Fatalf("%s: position %v playing %v, want %v %v", s.name, got, p.Playing(), s.pos, s.playing)
		}
	}
	if err := p.SetSpeed(3); err == nil {
		t.Error("3x is not offered but was accepted")
	}
	mustSpeed(t, p, 4)
	// The second Faster is at the end already and stays there.
	if up, again := p.Faster(), p.Faster(); up != 8 || again != 8 || p.Slower() != 4 {
		t.Error("Faster/Slower do not step through the offered speeds and stop at the ends")
	}
	for range 10 {
		p.Slower()
	}
	if p.Speed() != 0.25 {
		t.Errorf("slowest speed %v, want 0.25", p.Speed())
	}
	if got := p.Label(); got != "0:32 / 1:00  0.25x  paused" {
		t.Errorf("label %q", got)
	}
	if Clock(time.Hour+2*time.Minute+3*time.Second) != "1:02:03" {
		t.Error("Clock of an hour and more")
	}
	empty := NewPlayback(0, c.now)
	empty.Play()
	if empty.Playing() || empty.Fraction() != 0 {
		t.Error("an empty recording should not play")
	}
}
