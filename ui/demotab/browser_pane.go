package demotab

import (
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/demotab/cardmodel"
	"github.com/taskscope/taskscope/ui/widgets"
)

// pageChoices are the page sizes offered, in MiB, within the demo's 1 to 256 MiB limit.
var pageChoices = []string{"1 MiB", "4 MiB", "16 MiB", "64 MiB", "128 MiB", "256 MiB"}

// browserPane is one browser model of the browser card: its flags, its Launch and Stop, the
// tabs drawn as a grid, the commands, the tombstone and the log.
type browserPane struct {
	p *panel
	// card is the browser card that holds the pane, set once the card is built.
	card  *widget.Card
	model string
	slot  *slot
	state *cardmodel.BrowserState

	tabs  *widget.Slider
	nTabs *widget.Label
	page  *widget.Select

	pick                               *widget.Select // the tab the commands act on
	value                              *widget.Entry
	write, crash, reload, closeT, addT *widget.Button
	grid                               *fyne.Container
	tiles                              *tileTheme    // the grid's theme: tight while it shows tiles
	caption                            *widget.Label // over the tiles: the address, said once
	tomb                               *widget.Label
	title                              *widgets.Heading
	settings                           fyne.CanvasObject
	commands                           *fyne.Container // one row on a projector, two on a desk
	pickBox, valueBox                  fyne.CanvasObject
	box                                *fyne.Container
	cells                              []string // each drawn cell's text, for tests
	cols                               int      // cells a row of the grid
	picked                             bool     // the user chose the tab; else the lowest open one
	onChange                           func()   // the card's, to refresh the memory view
	onLaunch                           func(tabs int)
}

func newBrowserPane(p *panel, mdl, title string) *browserPane {
	b := &browserPane{model: mdl, state: cardmodel.NewBrowserState(mdl)}
	b.slot = newSlot(p, "browser", "Launch "+mdl)
	b.slot.args = b.args
	b.slot.reset = func() {
		b.state.Reset(b.slot.run.PID)
		if b.onLaunch != nil {
			b.onLaunch(int(b.tabs.Value))
		}
		b.redraw()
	}
	b.slot.handle = func(e demos.Event) {
		if b.state.Apply(e) {
			b.redraw()
		}
	}
	b.slot.changed = b.redraw

	b.nTabs = &widget.Label{Text: "3 tabs"}
	b.tabs = &widget.Slider{Min: demos.MinTabs, Max: demos.MaxTabs, Step: 1, Value: 3,
		OnChanged: func(v float64) { widgets.SetText(b.nTabs, fmt.Sprintf("%d tabs", int(v))) }}
	b.tabs.ExtendBaseWidget(b.tabs)
	b.page = &widget.Select{Options: pageChoices, Selected: "16 MiB"}
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
	b.tiles = &tileTheme{}
	b.caption = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	b.caption.Hide()
	b.tomb = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance, TextStyle: fyne.TextStyle{Bold: true}}
	b.tomb.Hide()

	b.settings = container.NewHBox(p.flag("Tabs", b.tabs, b.nTabs), p.flag("Page", b.page, nil))
	b.commands = container.NewVBox()
	b.title = p.heading(title)
	b.p = p
	// The log takes what the pane's other parts leave; it has eight lines at least.
	b.box = container.NewBorder(container.NewVBox(
		b.title,
		b.settings,
		b.slot.buttons(),
		// The commands sit above the grid, so they stay in view as the grid grows rows.
		b.commands,
		container.NewThemeOverride(container.NewThemeOverride(container.NewVBox(b.caption, b.grid, b.tomb), b.tiles), smallTheme{}),
	), nil, nil, nil, b.slot.log.box)
	b.redraw()
	return b
}

// compact lays the pane out for a projector (or back for a desk): no title (the Launch
// button names the model), the settings only while they can be changed, the commands in one
// row with the lesser ones as icons.
func (b *browserPane) compact(on bool) {
	widgets.SetVisible(b.title, !on)
	// Settings before a run, commands during one: never both, so the two panes stay as tall.
	running := b.slot.running()
	widgets.SetVisible(b.settings, !on || !running)
	widgets.SetVisible(b.commands, !on || running)
	if on {
		b.slot.status.Wrapping, b.slot.status.Truncation = fyne.TextWrapOff, fyne.TextTruncateEllipsis
	} else {
		b.slot.status.Wrapping, b.slot.status.Truncation = fyne.TextWrapWord, fyne.TextTruncateOff
	}
	texts := [...]string{"Write value", "Crash tab", "Reload", "Close", "Add tab"}
	icons := [...]fyne.Resource{theme.DocumentCreateIcon(), theme.ErrorIcon(), theme.ViewRefreshIcon(), theme.CancelIcon(), theme.ContentAddIcon()}
	if on {
		texts = [...]string{"Write", "Crash", "", "", ""}
		icons[0], icons[1] = nil, nil
	}
	for i, btn := range []*widget.Button{b.write, b.crash, b.reload, b.closeT, b.addT} {
		if btn.Text != texts[i] || btn.Icon != icons[i] {
			btn.Text, btn.Icon = texts[i], icons[i]
			btn.Refresh()
		}
	}
	if b.pickBox == nil {
		b.pickBox, b.valueBox = b.p.widen(b.pick, 72), b.p.widen(b.value, 46)
	}
	pick, value := b.pickBox, b.valueBox
	if on {
		b.commands.Objects = []fyne.CanvasObject{container.NewHBox(pick, value, b.write, b.crash, b.reload, b.closeT, b.addT)}
	} else {
		// Two rows, so that half a screen's width holds them.
		b.commands.Objects = []fyne.CanvasObject{container.NewHBox(pick, value, b.write),
			container.NewHBox(b.crash, b.reload, b.closeT, b.addT)}
	}
	b.commands.Refresh()
}

func (b *browserPane) args() []string {
	return []string{"--model", b.model, "--tabs", strconv.Itoa(int(b.tabs.Value)), "--page-mib", strings.TrimSuffix(b.page.Selected, " MiB")}
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
	compact := b.p != nil && b.p.st.Presentation()
	if b.p != nil {
		b.compact(compact)
	}
	widgets.SetEnabled(b.tabs, !running)
	widgets.SetEnabled(b.page, !running)

	var open []string
	b.cells = b.cells[:0]
	// On a projector more than a few tabs are drawn as tiles: four short rows' worth of the
	// demo's twelve fit beside the log, where full cells would push it below the fold.
	tiles := compact && len(b.state.Tabs) > cardmodel.DenseTabs
	objs := make([]fyne.CanvasObject, 0, len(b.state.Tabs))
	for _, n := range b.state.Numbers() {
		t := b.state.Tabs[n]
		if t.State != "closed" {
			open = append(open, "Tab "+strconv.Itoa(n))
		}
		text := b.state.TabCellText(t, compact)
		if tiles {
			text = b.state.TabTileText(t)
		}
		b.cells = append(b.cells, text)
		objs = append(objs, tabCell(t.State, text))
	}
	rowsBefore := rowsOf(len(b.grid.Objects), b.cols)
	b.cols = 4
	switch {
	case tiles:
		b.cols = cardmodel.TileColumns
	case compact && len(objs) <= 3:
		b.cols = 3 // three cells a row hold "reads 42 @0x7e5f00" whole at a projector's size
	}
	if b.tiles.on != tiles {
		b.tiles.on = tiles
		rowsBefore = -1 // the rows' height changes with the theme
	}
	tomb := b.state.TombstoneText(compact)
	caption := ""
	if tiles {
		// The tombstone in one line, in the caption's stead: with twelve tiles on a
		// projector there is no room for both, and what died matters more than the address.
		tomb = strings.ReplaceAll(tomb, "\n", " ")
		if tomb == "" {
			caption = b.state.TilesCaption()
		}
	}
	if caption != b.caption.Text || (caption != "") != b.caption.Visible() {
		rowsBefore = -1
		widgets.SetText(b.caption, caption)
		widgets.SetVisible(b.caption, caption != "")
	}
	b.grid.Layout = layout.NewGridLayoutWithColumns(b.cols)
	b.grid.Objects = objs
	b.grid.Refresh()
	grew := rowsOf(len(objs), b.cols) != rowsBefore

	b.pick.Options = open
	if !b.picked || !slices.Contains(open, b.pick.Selected) {
		b.pick.Selected = ""
		if len(open) > 0 {
			b.pick.Selected = open[0]
		}
	}
	b.pick.Refresh()

	t := b.state.Tabs[b.chosenTab()]
	alive := running && t != nil && t.State == "alive"
	crashed := running && t != nil && t.State == "crashed"
	widgets.SetEnabled(b.write, alive)
	widgets.SetEnabled(b.crash, alive)
	widgets.SetEnabled(b.reload, crashed && b.model == "processes")
	widgets.SetEnabled(b.closeT, alive || crashed)
	widgets.SetEnabled(b.addT, running)

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
		b.p.relayoutCard(b.card, b.box)
	}
	if b.onChange != nil {
		b.onChange()
	}
}

// tabCell draws one tab: a tinted box whose colour says alive, crashed or closed.
func tabCell(state, text string) fyne.CanvasObject {
	bg := &canvas.Rectangle{FillColor: stateColor(state), CornerRadius: 4,
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

// tileTheme is the tab grid's theme: while on (tiles, on a projector) the padding inside and
// between cells is small, so three rows of two-line tiles take little more than one of cells.
type tileTheme struct {
	smallTheme
	on bool
}

// Size implements fyne.Theme.
func (t *tileTheme) Size(n fyne.ThemeSizeName) float32 {
	if t.on {
		switch n {
		case theme.SizeNameInnerPadding:
			return 2
		case theme.SizeNamePadding:
			return 2
		case theme.SizeNameLineSpacing:
			return 1
		case theme.SizeNameText:
			return min(t.smallTheme.Size(n), theme.DefaultTheme().Size(n))
		}
	}
	return t.smallTheme.Size(n)
}
