package model

import (
	"image/color"

	"github.com/taskscope/taskscope/inspect"
)

// LaneColors are the process colours of the core lanes: twelve hues far enough apart to tell
// adjacent segments apart on a projector, all dark or light enough to carry a label.
var LaneColors = []color.NRGBA{
	{0x1f, 0x77, 0xb4, 0xff}, // blue
	{0xff, 0x7f, 0x0e, 0xff}, // orange
	{0x2c, 0xa0, 0x2c, 0xff}, // green
	{0xd6, 0x27, 0x28, 0xff}, // red
	{0x94, 0x67, 0xbd, 0xff}, // purple
	{0x8c, 0x56, 0x4b, 0xff}, // brown
	{0xe3, 0x77, 0xc2, 0xff}, // pink
	{0x00, 0x80, 0x72, 0xff}, // teal (not grey, which reads as idle or disabled)
	{0xbc, 0xbd, 0x22, 0xff}, // olive
	{0x17, 0xbe, 0xcf, 0xff}, // cyan
	{0x39, 0x3b, 0x79, 0xff}, // navy
	{0xe7, 0xba, 0x52, 0xff}, // sand
}

// LanePalette gives each process a colour for as long as it is on screen. The first choice is
// a hash of PID and start time, so a process keeps its colour across runs and redraws; when
// that colour is already another visible process's, the next free one is taken, so two
// processes on screen share a colour only when there are more than twelve.
type LanePalette struct {
	assigned map[inspect.TaskKey]int
	used     [12]int // how many assigned keys hold each colour
}

// NewLanePalette returns a palette with no colour given out.
func NewLanePalette() *LanePalette {
	return &LanePalette{assigned: map[inspect.TaskKey]int{}}
}

// index returns the colour index of process k, assigning one on first sight.
func (p *LanePalette) index(k inspect.TaskKey) int {
	if i, ok := p.assigned[k]; ok {
		return i
	}
	h := uint64(k.ID)*0x9e3779b97f4a7c15 ^ k.StartTicks*0xbf58476d1ce4e5b9
	h ^= h >> 31
	first := int(h % uint64(len(LaneColors)))
	i := first
	for n := 0; n < len(LaneColors); n++ {
		c := (first + n) % len(LaneColors)
		if p.used[c] == 0 {
			i = c
			break
		}
	}
	p.assigned[k] = i
	p.used[i]++
	return i
}

// Color returns the colour of process k.
func (p *LanePalette) Color(k inspect.TaskKey) color.NRGBA { return LaneColors[p.index(k)] }

// KeepOnly forgets the processes not in keep, freeing their colours.
func (p *LanePalette) KeepOnly(keep map[inspect.TaskKey]bool) {
	for k, i := range p.assigned {
		if !keep[k] {
			delete(p.assigned, k)
			p.used[i]--
		}
	}
}

// TextOn returns black or white, whichever reads better on c.
func TextOn(c color.NRGBA) color.NRGBA {
	// Relative luminance, roughly: green counts most, blue least.
	if int(c.R)*299+int(c.G)*587+int(c.B)*114 > 150_000 {
		return color.NRGBA{0, 0, 0, 0xff}
	}
	return color.NRGBA{0xff, 0xff, 0xff, 0xff}
}

// Len is how many processes hold a colour.
func (p *LanePalette) Len() int { return len(p.assigned) }
