package timeline

import (
	"image/color"

	"github.com/taskscope/taskscope/ui/model"
)

// The colours of states other than running (running takes its core's colour). Runnable is a
// warm half bar: the thread wants a CPU and has none, the thing to notice.
var (
	colRunnable = color.NRGBA{0xe0, 0x40, 0x40, 0xc0}
	colDisk     = color.NRGBA{0x70, 0x30, 0x90, 0xd0}
	colStopped  = color.NRGBA{0xe0, 0xb0, 0x20, 0xd0}
	colSleeping = color.NRGBA{0x90, 0x90, 0x90, 0xa0}
	colUnknown  = color.NRGBA{0x80, 0x80, 0x80, 0xff}
)

// coreColor is the colour of runs on core c: the lane palette's, one per core.
func coreColor(c int) color.NRGBA {
	if c < 0 {
		c = 0
	}
	return model.LaneColors[c%len(model.LaneColors)]
}
