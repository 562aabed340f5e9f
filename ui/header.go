package ui

import (
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// meterSpan is how much history each core meter shows.
const meterSpan = 60 * time.Second

// coreMeter is one logical core: its busy share now and a sparkline of the last minute.
type coreMeter struct {
	label *widget.Label
	spark *widgets.Sparkline
	box   fyne.CanvasObject
}

// header is the strip above the tabs: host facts, a meter per core, memory in use.
type header struct {
	host   *widget.Label
	uptime *widget.Label
	memory *widget.ProgressBar
	grid   *fyne.Container
	memBox fyne.CanvasObject
	// disk is the machine's disk traffic (all processes, every user's), on the host line beside
	// the uptime: a fourth cell in the meters' grid made the window wider than a 1280-pixel
	// screen in presentation mode, where the host line is hidden anyway.
	disk   *widget.Label
	meters []*coreMeter
	box    fyne.CanvasObject
	// top is the host line, left out in presentation mode: a projector's few lines go to the
	// meters and the tabs.
	top fyne.CanvasObject
	// conn shows the connection to a remote agent; hidden for this machine.
	conn *widget.Label
	// remote is the remote host's status; remote.URL is empty for this machine.
	remote model.RemoteStatus

	hostKey string
}

func newHeader() *header {
	h := &header{
		host:   &widget.Label{Text: "Reading /proc…", TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
		uptime: &widget.Label{Alignment: fyne.TextAlignTrailing},
		memory: &widget.ProgressBar{Max: 1},
		grid:   container.NewGridWithColumns(1),
		conn:   &widget.Label{Importance: widget.SuccessImportance},
		disk:   &widget.Label{Alignment: fyne.TextAlignTrailing},
	}
	h.conn.Hide()
	mem := h.memory
	mem.TextFormatter = func() string {
		return model.FormatBytes(uint64(mem.Value)) + " of " + model.FormatBytes(uint64(mem.Max))
	}
	h.memBox = container.NewBorder(nil, nil, &widget.Label{Text: "Memory"}, nil, mem)
	// The figures on the right change every refresh; their room only grows, so the host line
	// beside them is not laid out again (see widgets.SteadyWidth). The connection's state,
	// hidden for this machine, changes only when the connection does.
	right := container.NewHBox(h.conn, widgets.SteadyWidth(h.disk), widgets.SteadyWidth(h.uptime))
	h.top = container.NewBorder(nil, nil, nil, right, h.host)
	h.box = container.NewVBox(h.top, h.grid)
	return h
}

// show draws s, with each core's last minute taken from the history ring up to s, so that a
// frozen or scrubbed display holds its meters too.
func (h *header) show(s *inspect.Snapshot, hist *model.History) {
	if s == nil {
		return
	}
	key := s.Host.Hostname + s.Host.Kernel + s.Host.CPUModel
	if key != h.hostKey {
		h.hostKey = key
		name := s.Host.Hostname
		if h.remote.URL != "" {
			name = "Remote: " + name + " (" + h.remote.URL + ")"
		}
		h.host.SetText(fmt.Sprintf("%s · Linux %s · %s · %d cores (%d physical)",
			name, s.Host.Kernel, s.Host.CPUModel, s.Host.LogicalCores, s.Host.PhysicalCores))
	}
	widgets.SetText(h.uptime, "up "+model.FormatUptime(s.Host.Uptime))
	h.ensureMeters(len(s.Cores))
	for i, c := range s.Cores {
		m := h.meters[i]
		widgets.SetText(m.label, fmt.Sprintf("CPU %-2d %3.0f %%", c.ID, c.BusyPercent))
		m.spark.Pts = m.spark.Pts[:0]
		for j := 0; j < hist.Len(); j++ {
			old := hist.At(j)
			if old.Taken.After(s.Taken) || s.Taken.Sub(old.Taken) > meterSpan || i >= len(old.Cores) {
				continue
			}
			m.spark.Pts = append(m.spark.Pts, widgets.Point{At: old.Taken, V: old.Cores[i].BusyPercent})
		}
		if n := len(m.spark.Pts); n == 0 || !m.spark.Pts[n-1].At.Equal(s.Taken) {
			m.spark.Pts = append(m.spark.Pts, widgets.Point{At: s.Taken, V: c.BusyPercent})
		}
		m.spark.Refresh()
	}
	widgets.SetText(h.disk, model.DiskTotal(s.Disk))
	used, total := float64(s.Memory.UsedBytes()), float64(s.Memory.TotalBytes)
	// Used memory moves by a few pages every second, which changes neither the bar's text nor
	// its length by a pixel; a refresh would re-shape the text and repaint the window for nothing.
	if total := max(total, 1); h.memory.Max != total || memoryShown(h.memory.Value, total) != memoryShown(used, total) {
		h.memory.Max = total
		h.memory.SetValue(used)
	}
}

// setRemote marks the header as showing a remote host and shows the connection's state: a
// quiet "live" while connected, the reason and the countdown in warning colours while lost.
func (h *header) setRemote(st model.RemoteStatus) {
	h.remote = st
	if h.hostKey == "" {
		widgets.SetText(h.host, "Remote: "+st.Name()+" · waiting for the agent")
	}
	text := st.Text(time.Now())
	imp := widget.SuccessImportance
	switch {
	case !st.Connected && st.Err != nil:
		imp = widget.DangerImportance
	case !st.Connected:
		imp = widget.WarningImportance
	}
	if h.conn.Importance != imp {
		h.conn.Importance = imp
		h.conn.Refresh()
	}
	widgets.SetText(h.conn, text)
	h.conn.Show()
	widgets.SetVisible(h.top, true) // even in presentation mode (see present)
}

// ensureMeters builds one meter per core the first time the core count is known, and puts the
// memory meter after them. Up to eight meters share a row, so a 64-core machine still leaves
// room for the table.
func (h *header) ensureMeters(n int) {
	if len(h.meters) == n {
		return
	}
	h.meters = h.meters[:0]
	objs := make([]fyne.CanvasObject, 0, n+1)
	for range n {
		m := &coreMeter{label: &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}}, spark: widgets.NewSparkline(meterSpan)}
		m.box = container.NewBorder(nil, nil, m.label, nil, m.spark)
		h.meters = append(h.meters, m)
		objs = append(objs, m.box)
	}
	objs = append(objs, h.memBox)
	h.grid.Layout = layout.NewGridLayoutWithColumns(min(n+1, 8))
	h.grid.Objects = objs
	h.grid.Refresh()
}

// present shows or hides the host line. A remote host's line stays: it names the host shown and the state of the connection.
func (h *header) present(on bool) { widgets.SetVisible(h.top, !on || h.remote.URL != "") }

// memoryShown is used memory as the bar shows it: its text, and its length in thousandths of
// the total (finer than a pixel of the bar).
func memoryShown(used, total float64) string {
	return model.FormatBytes(uint64(used)) + "/" + strconv.Itoa(int(used/total*1000))
}
