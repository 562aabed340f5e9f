package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
)

// TestMemoryShownIgnoresPages: a few pages more or less in use is no change on screen, so the
// header's memory bar is not refreshed for it; a visible change is.
func TestMemoryShownIgnoresPages(t *testing.T) {
	const total = 8 << 30
	used := float64(3<<30 + 123<<20)
	if memoryShown(used, total) != memoryShown(used+3*4096, total) {
		t.Error("three pages more changed what the bar shows")
	}
	if memoryShown(used, total) == memoryShown(used+200<<20, total) {
		t.Error("200 MiB more did not change what the bar shows")
	}
}

// TestHostLineKeepsItsWidth: the disk and uptime figures beside the host line change every
// refresh; when one gets shorter the host line must keep its width. A relayout resizes the host
// label while the frame is drawn, and Fyne then draws the whole window a second time, a
// repaint with nothing new to show, once a second.
func TestHostLineKeepsItsWidth(t *testing.T) {
	test.NewTempApp(t)
	h := newHeader()
	w := test.NewWindow(h.box)
	defer w.Close()
	w.Resize(fyne.NewSize(1000, 200))
	hist := model.NewHistory(time.Minute, time.Second)
	shot := func(read float64) fyne.Size {
		s := &inspect.Snapshot{Taken: time.Now(), Disk: inspect.Disk{Available: true, ReadBytesPerSec: read}}
		s.Host.Hostname, s.Host.Uptime = "lab", 3*time.Hour
		h.show(s, hist)
		h.top.(*fyne.Container).Refresh() // lay the host line out again, as the driver would
		return h.host.Size()
	}
	wide := shot(123.4 * 1024 * 1024)
	if narrow := shot(0); narrow != wide {
		t.Errorf("the host label went from %v to %v when the disk figure got shorter", wide, narrow)
	}
}
