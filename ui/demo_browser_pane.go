package ui

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
)

// pageChoices are the page sizes offered, in MiB, within the demo's 1 to 256 MiB limit.
var pageChoices = []string{"1", "4", "16", "64", "128", "256"}

// browserPane is one browser model of the browser card: its flags, its Launch and Stop, the
// tabs drawn as a grid, the commands, the tombstone and the log.
type browserPane struct {
	p     *demoPanel
	model string
	slot  *demoSlot
	state *browserState

	tabs  *widget.Slider
	nTabs *widget.Label
	page  *widget.Select

	pick                               *widget.Select // the tab the commands act on
	value                              *widget.Entry
	write, crash, reload, closeT, addT *widget.Button
	grid                               *fyne.Container
	tomb                               *widget.Label
	box                                *fyne.Container
	cells                              []string // each drawn cell's text, for tests
	cols                               int      // cells a row of the grid
	picked                             bool     // the user chose the tab; else the lowest open one
	onChange                           func()   // the card's, to refresh the memory view
}

func newBrowserPane(p *demoPanel, model, title string) *browserPane {
	b := &browserPane{model: model, state: newBrowserState(model)}
	b.slot = newDemoSlot(p, "browser", "Launch "+model)
	b.slot.args = b.args
	b.slot.reset = func() {
		b.state.reset(b.slot.run.PID)
		b.redraw()
	}
	b.slot.handle = func(e demos.Event) {
		if b.state.apply(e) {
			b.redraw()
		}
	}
	b.slot.changed = b.redraw

	b.nTabs = &widget.Label{Text: "3 tabs"}
	b.tabs = &widget.Slider{Min: demos.MinTabs, Max: demos.MaxTabs, Step: 1, Value: 3,
		OnChanged: func(v float64) { setText(b.nTabs, fmt.Sprintf("%d tabs", int(v))) }}
	b.tabs.ExtendBaseWidget(b.tabs)
	b.page = &widget.Select{Options: pageChoices, Selected: "16"}
	b.page.ExtendBaseWidget(b.page)

	// OnChanged runs only for the user's choice: redraw sets Selected directly.
	b.pick = &widget.Select{PlaceHolder: "tab", OnChanged: func(string) { b.picked = true; b.redraw() }}
	b.pick.ExtendBaseWidget(b.pick)
	b.value = &widget.Entry{Text: "42", PlaceHolder: "value"}
	b.value.ExtendBaseWidget(b.value)
	b.write = &widget.Button{Text: "Write value", Icon: theme.DocumentCreateIcon(), OnTapped: b.sendWrite}
	b.crash = &widget.Button{Text: "Crash tab", Icon: theme.ErrorIcon(), Importance: widget.DangerImportance,
		OnTapped: func() { b.sendTab("crash") }}
	b.reload = &widget.Button{Text: "Reload", Icon: theme.ViewRefreshIcon(), OnTapped: func() { b.sendTab("reload") }}
	b.closeT = &widget.Button{Text: "Close", Icon: theme.CancelIcon(), OnTapped: func() { b.sendTab("close") }}
	b.addT = &widget.Button{Text: "Add tab", Icon: theme.ContentAddIcon(), OnTapped: func() { b.slot.send(demos.Command{Cmd: "add"}) }}

	b.grid = container.NewGridWithColumns(4)
	b.tomb = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance, TextStyle: fyne.TextStyle{Bold: true}}
	b.tomb.Hide()

	settings := flags(p.flag("Tabs", b.tabs, b.nTabs), p.flag("Page", b.page, &widget.Label{Text: "MiB"}))
	// Two rows, so that half a projector's width still holds them at presentation size.
	commands := container.NewVBox(
		container.NewHBox(p.widen(b.pick, 100), p.widen(b.value, 90), b.write),
		container.NewHBox(b.crash, b.reload, b.closeT, b.addT))
	b.p = p
	b.box = container.NewVBox(
		&widget.Label{Text: title, TextStyle: fyne.TextStyle{Bold: true}},
		settings,
		b.slot.buttons(),
		// The commands sit above the grid, so they stay in view as the grid grows rows.
		commands,
		b.grid,
		b.tomb,
		b.slot.log.box,
	)
	b.redraw()
	return b
}

func (b *browserPane) args() []string {
	return []string{"--model", b.model, "--tabs", strconv.Itoa(int(b.tabs.Value)), "--page-mib", b.page.Selected}
}

// chosenTab is the tab the commands act on, or 0 when none is chosen.
func (b *browserPane) chosenTab() int {
	n, _ := strconv.Atoi(strings.TrimPrefix(b.pick.Selected, "Tab "))
	return n
}

func (b *browserPane) sendWrite() {
	v, err := strconv.ParseInt(strings.TrimSpace(b.value.Text), 10, 64)
	if err != nil {
		b.slot.showError("The value must be a whole number.")
		return
	}
	b.slot.send(demos.Command{Cmd: "write", Tab: b.chosenTab(), Value: &v})
}

func (b *browserPane) sendTab(cmd string) {
	n := b.chosenTab()
	if n == 0 {
		b.slot.showError("Choose a tab first.")
		return
	}
	b.slot.send(demos.Command{Cmd: cmd, Tab: n})
}

// redraw rebuilds the grid, the tab choice, the tombstone and which commands make sense now.
func (b *browserPane) redraw() {
	running := b.slot.running()
	setEnabled(b.tabs, !running)
	setEnabled(b.page, !running)

	var open []string
	b.cells = b.cells[:0]
	objs := make([]fyne.CanvasObject, 0, len(b.state.tabs))
	for _, n := range b.state.numbers() {
		t := b.state.tabs[n]
		if t.state != "closed" {
			open = append(open, "Tab "+strconv.Itoa(n))
		}
		text := tabCellText(t)
		b.cells = append(b.cells, text)
		objs = append(objs, tabCell(t, text))
	}
	rowsBefore := rowsOf(len(b.grid.Objects), b.cols)
	b.cols = 4
	if b.p != nil && b.p.hub.presentation() {
		b.cols = 3 // larger text: three cells fit half a projector's width
	}
	b.grid.Layout = layout.NewGridLayoutWithColumns(b.cols)
	b.grid.Objects = objs
	b.grid.Refresh()
	grew := rowsOf(len(objs), b.cols) != rowsBefore

	b.pick.Options = open
	if !b.picked || !contains(open, b.pick.Selected) {
		b.pick.Selected = ""
		if len(open) > 0 {
			b.pick.Selected = open[0]
		}
	}
	b.pick.Refresh()

	t := b.state.tabs[b.chosenTab()]
	alive := running && t != nil && t.state == "alive"
	crashed := running && t != nil && t.state == "crashed"
	setEnabled(b.write, alive)
	setEnabled(b.crash, alive)
	setEnabled(b.reload, crashed && b.model == "processes")
	setEnabled(b.closeT, alive || crashed)
	setEnabled(b.addT, running)

	tomb := ""
	if n := len(b.state.tombs); n > 0 {
		var lines []string
		for _, ts := range b.state.tombs[max(0, n-3):] {
			lines = append(lines, ts.text)
		}
		tomb = "Tombstone\n" + strings.Join(lines, "\n\n")
	}
	if tomb != b.tomb.Text {
		grew = true
		b.tomb.SetText(tomb)
		if tomb == "" {
			b.tomb.Hide()
		} else {
			b.tomb.Show()
		}
	}
	if grew && b.p != nil {
		b.p.relayout(b.box)
	}
	if b.onChange != nil {
		b.onChange()
	}
}

// tabCellText is what a tab's cell says: its number and state, the value it last read and
// where, and the process and thread it lives in.
func tabCellText(t *browserTab) string {
	head := fmt.Sprintf("Tab %d: %s", t.n, t.state)
	read, at := "no reading yet", ""
	if t.read {
		read, at = fmt.Sprintf("reads %d", t.value), "at "+t.address
	}
	if t.state == "crashed" && t.reason != "" {
		read = "died: " + t.reason
	}
	return fmt.Sprintf("%s\n%s\n%s\npid %d  tid %d", head, read, at, t.pid, t.tid)
}

// tabCell draws one tab: a tinted box whose colour says alive, crashed or closed.
func tabCell(t *browserTab, text string) fyne.CanvasObject {
	bg := &canvas.Rectangle{FillColor: stateColor(t.state), CornerRadius: 4,
		StrokeColor: theme.Color(theme.ColorNameSeparator), StrokeWidth: 1}
	l := &widget.Label{Text: text, Truncation: fyne.TextTruncateEllipsis}
	return container.NewStack(bg, l)
}

func rowsOf(n, cols int) int {
	if cols == 0 {
		return 0
	}
	return (n + cols - 1) / cols
}

func stateColor(state string) color.Color {
	switch state {
	case "alive":
		return color.NRGBA{0x2e, 0x9d, 0x4a, 0x50}
	case "crashed":
		return color.NRGBA{0xd3, 0x2f, 0x2f, 0x70}
	}
	return color.NRGBA{0x80, 0x80, 0x80, 0x30}
}

// setEnabled enables or disables w, refreshing only on a change.
func setEnabled(w fyne.Disableable, on bool) {
	if on && w.Disabled() {
		w.Enable()
	} else if !on && !w.Disabled() {
		w.Disable()
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
