// Package fleettab is the Fleet tab: every host that a Prometheus server scrapes a Taskscope agent
// on, one row each with its name, whether it is up (and why not), cores busy, memory, process
// count and busiest process groups, each with a sparkline of its history from Prometheus
// (the last hour by default, zoomable to 30 days). Opening a host (Enter, a double click, or
// the button) shows it live through its agent in a new window, or says why it cannot. What is shown and in which order is
// decided by package fleet (Rows, Spark, AgentURL), without Fyne; this package only draws, and
// reads Prometheus in a goroutine so that the window never waits on the network.
package fleettab

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/fleet"
	"github.com/taskscope/taskscope/ui/model"
)

// RefreshEvery is how often the tab asks Prometheus again while it runs.
const RefreshEvery = 15 * time.Second

// Tab is the Fleet tab.
type Tab struct {
	// OnKey is given the keys the host list does not use (Space, F11, Escape): the window's.
	OnKey func(*fyne.KeyEvent) bool

	st     *model.State
	client *fleet.Client
	// ctx ends the tab's requests when the app quits (Start); Background until then.
	ctx context.Context
	// do runs a function on the UI goroutine: fyne.Do. Tests give one that hands it to the
	// test's own goroutine, since Fyne's test driver runs fyne.Do in place, on whichever
	// goroutine a load ended on, beside the test's own use of the widgets.
	do func(func())

	content  fyne.CanvasObject
	list     *hostList
	status   *widget.Label
	rangeLbl *widget.Label
	sortSel  *widget.Select
	openBtn  *widget.Button

	// The state below is read and written on the UI goroutine only (fyne.Do).
	data    fleet.Fleet
	hist    fleet.History
	rows    []fleet.Row
	sort    fleet.SortKey
	rng     fleet.Range
	loading bool
	// focused is set once the host list has been offered the keyboard (first load).
	focused bool
	// again is set when a refresh was asked for while one ran: it runs when that one ends.
	again bool
	// onLoaded, when set, is called after each load is applied (tests and the bench).
	onLoaded func(error)
}

// New builds the tab over the view state's Prometheus client (st.Fleet, which must be set);
// a host is opened through st.OpenHost. It loads nothing until Start or Refresh is called.
func New(st *model.State) *Tab {
	c := st.Fleet()
	t := &Tab{st: st, client: c, ctx: context.Background(), rng: fleet.Ranges[0], do: fyne.Do}
	t.status = &widget.Label{Text: "Asking " + c.URL() + "…", Truncation: fyne.TextTruncateEllipsis}
	t.list = newHostList(func() int { return len(t.rows) }, newRowView, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id < len(t.rows) {
			r := o.(*rowView)
			r.set(t.rows[id], id == t.list.selected, t.hist, t.data, t.rng)
			r.onTap = func() { t.list.Select(id); t.list.focus(true) }
			r.onDoubleTap = func() { t.list.Select(id); t.openSelected() }
		}
	})
	t.list.onOpen = t.openSelected
	t.list.onKey = func(e *fyne.KeyEvent) bool { return t.OnKey != nil && t.OnKey(e) }
	// The list draws its rows before it calls these, so the rows whose selection changed are
	// drawn again (a down host's reason changes colour when selected).
	t.list.OnSelected = func(id widget.ListItemID) {
		t.list.selected = id
		t.list.RefreshItem(id)
		if t.openBtn != nil {
			t.openBtn.Enable()
		}
	}
	t.list.OnUnselected = func(id widget.ListItemID) {
		t.list.selected = -1
		t.list.RefreshItem(id)
		if t.openBtn != nil {
			t.openBtn.Disable()
		}
	}
	t.rangeLbl = widget.NewLabel("last " + t.rng.Name)
	t.sortSel = widget.NewSelect(fleet.SortNames, func(s string) {
		for i, n := range fleet.SortNames {
			if n == s {
				t.sort = fleet.SortKey(i)
			}
		}
		t.setRows(fleet.Rows(t.data, t.sort))
	})
	t.sortSel.Selected = fleet.SortNames[fleet.SortName]
	zoomIn := widget.NewButton("−", func() { t.zoom(-1) })
	zoomOut := widget.NewButton("+", func() { t.zoom(1) })
	// A host opens in a new window: this one keeps the fleet on screen beside it.
	t.openBtn = widget.NewButton("Open in new window", t.openSelected)
	t.openBtn.Disable()
	refresh := widget.NewButton("Refresh", t.Refresh)
	bar := container.NewHBox(refresh, widget.NewLabel("Sort by"), t.sortSel, widget.NewLabel("History"), zoomIn, t.rangeLbl, zoomOut, t.openBtn)
	t.content = container.NewBorder(container.NewVBox(bar, t.status), nil, nil, nil, container.NewBorder(header(), nil, nil, nil, t.list))
	return t
}

// Content is the tab's widget tree.
func (t *Tab) Content() fyne.CanvasObject { return t.content }

// Start loads the fleet now and again every RefreshEvery until ctx ends.
func (t *Tab) Start(ctx context.Context) {
	t.ctx = ctx
	go func() {
		t.do(t.Refresh)
		tick := time.NewTicker(RefreshEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				t.do(t.Refresh)
			}
		}
	}()
}

// Refresh asks Prometheus for the fleet and its history in a goroutine and applies the answer
// on the UI goroutine; a refresh asked for while one runs follows it.
func (t *Tab) Refresh() {
	if t.loading {
		t.again = true
		return
	}
	t.loading = true
	rng, ctx := t.rng, t.ctx
	go func() {
		t0 := time.Now()
		f, err := t.client.Load(ctx, time.Time{})
		var h fleet.History
		if err == nil {
			h, err = t.client.History(ctx, rng, f.At)
		}
		took := time.Since(t0)
		if ctx.Err() != nil {
			return // the app quits: nothing to show it on
		}
		t.do(func() { t.apply(f, h, err, took) })
	}()
}

// apply shows a load's result (UI goroutine).
func (t *Tab) apply(f fleet.Fleet, h fleet.History, err error, took time.Duration) {
	t.loading = false
	if err != nil {
		t.status.SetText(fmt.Sprintf("Cannot read Prometheus at %s: %v (showing what was read before)", t.client.URL(), err))
	} else {
		t.data, t.hist = f, h
		t.setRows(fleet.Rows(f, t.sort))
		up := 0
		for _, x := range f.Hosts {
			if x.Up {
				up++
			}
		}
		t.status.SetText(fmt.Sprintf("%d hosts, %d up · from %s at %s in %v · history: last %s",
			len(f.Hosts), up, t.client.URL(), f.At.Format("15:04:05"), took.Round(time.Millisecond), h.Range.Name))
		if len(f.Hosts) == 0 {
			t.status.SetText("Prometheus at " + t.client.URL() + " scrapes no Taskscope agent (no job reported taskscope_host_info in the last day)")
		}
		if !t.focused && len(t.rows) > 0 {
			// Up, Down and Enter work at once, unless the user is typing somewhere: the
			// first host is selected and the list has the keyboard.
			t.focused = true
			if t.list.selected < 0 {
				t.list.Select(0)
			}
			t.list.focus(false)
		}
	}
	if t.onLoaded != nil {
		t.onLoaded(err)
	}
	if t.again {
		t.again = false
		t.Refresh()
	}
}

// setRows shows rows; the selection stays on its host wherever the new rows put it (a refresh
// sorted by CPU reorders them), so Enter never opens a host the user did not pick, and ends
// when that host is gone.
func (t *Tab) setRows(rows []fleet.Row) {
	key := ""
	if sel := t.list.selected; sel >= 0 && sel < len(t.rows) {
		key = t.rows[sel].Key
	}
	t.rows = rows
	if i := fleet.RowIndex(rows, key); key != "" && i >= 0 {
		t.list.Select(i)
	} else {
		t.list.UnselectAll()
	}
	t.list.Refresh()
}

// zoom widens (step > 0) or narrows the history range and reloads.
func (t *Tab) zoom(step int) {
	r := fleet.Zoom(t.rng, step)
	if r == t.rng {
		return
	}
	t.rng = r
	t.rangeLbl.SetText("last " + r.Name)
	t.Refresh()
}

// openSelected opens the selected host's agent live in a new window, after checking in a
// goroutine that the agent answers; otherwise the status line says why it cannot.
func (t *Tab) openSelected() {
	sel := t.list.selected
	if sel < 0 || sel >= len(t.rows) {
		return
	}
	key := t.rows[sel].Key
	var host fleet.Host
	for _, h := range t.data.Hosts {
		if fleet.HostKey(h.Job, h.Instance) == key {
			host = h
		}
	}
	url, err := fleet.AgentURL(host)
	if err != nil {
		t.status.SetText(err.Error())
		return
	}
	t.status.SetText("Opening " + host.Host + " at " + url + " in a new window…")
	ctx := t.ctx
	go func() {
		err := t.client.Probe(ctx, url)
		t.do(func() {
			if err == nil {
				err = t.st.OpenHost(url)
			}
			if err != nil {
				t.status.SetText(err.Error())
			} else {
				t.status.SetText("Opened " + host.Host + " live in a new window (" + url + "); this one keeps the fleet")
			}
		})
	}()
}
