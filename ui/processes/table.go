package processes

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// Table is the process table: a widget.Table over a prepared rowModel, with a selection
// kept by process identity rather than by row number, so it follows its process when rows are
// re-sorted, and keyboard handling of its own (arrows move the selection, Enter opens threads).
type Table struct {
	widget.Table

	Model *model.RowModel
	// sel is the selected process and, when a thread row was chosen, that thread.
	Sel    inspect.TaskKey
	selTID int
	HasSel bool
	// bound holds every cell the table has asked to show something, so a new model with the
	// same number of rows can be written into them directly, without a table layout pass.
	Bound []*widgets.Cell
	// laidRows and laidAt are the row count at the last full refresh, and when it was; rows
	// from laidRows on are not shown until the next one, and rows the model no longer has
	// show empty.
	laidRows int
	laidAt   time.Time

	sortCol model.Column
	desc    bool
	// widths are the columns' widths for the theme, fitWidth the width last fitted to, and
	// applied the widths last given to the table.
	widths, Applied [model.NumCols]float32
	// cols are the columns that fit, in order (see model.FitColumns): the table's column i
	// shows cols[i]. drops are the sets tried, which presentation mode changes (SetLecture).
	cols     []model.Column
	drops    [][]model.Column
	fitWidth float32

	OnSelect func(r model.Row)           // the user chose a row
	OnSort   func(c model.Column)        // a header was clicked
	OnEnter  func(r model.Row)           // Enter on the selected row
	OnUnfold func(k inspect.TaskKey)     // a tap on a row of folded Go runtime threads
	OnKey    func(e *fyne.KeyEvent) bool // window keys (Space, F11, Escape) while the table has focus
	Modal    func(e *fyne.KeyEvent) bool // a dialog's keys, asked first: a dialog takes them all
}

// NewTable builds the empty process table; SetModel gives it rows.
func NewTable() *Table {
	t := &Table{sortCol: model.ColCPU, desc: true, drops: model.DesktopDrops}
	for c := range model.NumCols {
		t.cols = append(t.cols, c)
	}
	t.ShowHeaderRow = true
	// The table's length is the row count at its last layout, not the model's: the length
	// decides the table's minimum size, and a change of it makes Fyne lay out and refresh the
	// whole table in the next frame, and draw another frame after that.
	t.Length = func() (int, int) { return t.laidRows, len(t.cols) }
	t.CreateCell = func() fyne.CanvasObject { return widgets.NewCell() }
	t.UpdateCell = t.updateCell
	t.CreateHeader = func() fyne.CanvasObject { return widgets.NewHeaderCell() }
	t.UpdateHeader = t.updateHeader
	t.OnSelected = t.tappedRow
	t.ExtendBaseWidget(t)
	return t
}

// relayoutEvery is how often, at most, the table lays out again when only rows out of sight
// came or went.
const relayoutEvery = 10 * time.Second

// SetModel shows a new row model. The cells on screen are rewritten in place, and each
// redraws only if its text changed. The table lays out again (a second frame, and every
// header and cell refreshed) only when the row count changed where it shows, or when the
// count has been off for relayoutEvery by enough to move the scroll bar: with thousands of
// threads on the machine a few come and go every second, far below the visible rows, and only
// the scroll bar would tell. A relayout of a table scrolled through 5,000 rows for ten rows
// more or less moved nothing on screen and cost one more repaint of the window (measured
// under llvmpipe: 22 repaints in 20 s at a 1 s refresh instead of 20).
func (t *Table) SetModel(m *model.RowModel) {
	old := t.Model
	t.Model = m
	n := len(m.Rows)
	if old == nil || n != t.laidRows && (t.countShows(min(n, t.laidRows)) ||
		time.Since(t.laidAt) >= relayoutEvery && extentMoves(t.laidRows, n, t.Size().Height)) {
		t.relayout()
		return
	}
	t.refill()
}

// extentMoves reports whether a table of laid rows, height pixels tall, would show n rows with
// its scroll bar moved by a pixel or more. The bar's thumb stands for the rows in view out of
// all rows, along a track about as tall as the table, so a change of the count by a share of
// it moves the thumb's ends by about that share of the track, or less.
func extentMoves(laid, n int, height float32) bool {
	if laid <= 0 || height <= 0 {
		return true
	}
	return float32(abs(n-laid))*height >= float32(laid)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// relayout makes the table's length the model's and lays it out again.
func (t *Table) relayout() {
	t.laidRows, t.laidAt = 0, time.Now()
	if t.Model != nil {
		t.laidRows = len(t.Model.Rows)
	}
	t.Refresh()
}

// countShows reports whether a change of row count after the first n rows would show: some
// cell on screen shows a row from n on, or the table is too short to fill its height.
func (t *Table) countShows(n int) bool {
	if len(t.Bound) == 0 {
		return true
	}
	last := -1
	for _, c := range t.Bound {
		if c.Visible() {
			last = max(last, c.ID.Row)
		}
	}
	return last+1 >= n
}

// Restyle gives every cell the theme's text size and colours again, on screen or not.
func (t *Table) Restyle() {
	for _, c := range t.Bound {
		c.Restyle()
	}
	t.Refresh()
}

func (t *Table) refill() {
	for _, c := range t.Bound {
		t.fill(c)
	}
}

func (t *Table) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*widgets.Cell)
	if !c.Bound {
		c.Bound = true
		t.Bound = append(t.Bound, c)
	}
	c.ID = id
	t.fill(c)
}

func (t *Table) fill(c *widgets.Cell) {
	if t.Model == nil || c.ID.Row < 0 || c.ID.Row >= len(t.Model.Rows) || c.ID.Col < 0 || c.ID.Col >= len(t.cols) {
		// A cell of a column left out since (model.FitColumns) is no longer laid out: blank.
		c.Set("", fyne.TextAlignLeading, widgets.LookPlain)
		return
	}
	r := &t.Model.Rows[c.ID.Row]
	col := t.cols[c.ID.Col]
	align := fyne.TextAlignLeading
	if col.Numeric() {
		align = fyne.TextAlignTrailing
	}
	c.Set(r.Cell(col), align, t.lookOf(r))
}

func (t *Table) lookOf(r *model.Row) widgets.CellLook {
	selected := t.HasSel && r.Proc == t.Sel && r.TID == t.selTID
	switch {
	case selected && r.Marked:
		return widgets.LookMarkedSelected
	case selected:
		return widgets.LookSelected
	case r.Marked:
		return widgets.LookMarked
	case r.IsThread() || r.Kernel:
		return widgets.LookDim
	}
	return widgets.LookPlain
}

func (t *Table) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	h := o.(*widgets.HeaderCell)
	if id.Col < 0 || id.Col >= len(t.cols) {
		return
	}
	col := t.cols[id.Col]
	var icon fyne.Resource
	if col == t.sortCol {
		icon = theme.MenuDropUpIcon()
		if t.desc {
			icon = theme.MenuDropDownIcon()
		}
	}
	align := fyne.TextAlignLeading
	if col.Numeric() {
		align = fyne.TextAlignTrailing
	}
	h.Set(model.ColumnTitles[col], align, icon)
	if h.OnTap == nil {
		h.OnTap = func() {
			if t.OnSort != nil {
				t.OnSort(model.Column(h.Col))
			}
		}
	}
	h.Col = int(col)
}

// SetSort records the sort shown in the headers.
func (t *Table) SetSort(c model.Column, desc bool) {
	if t.sortCol == c && t.desc == desc {
		return
	}
	t.sortCol, t.desc = c, desc
	t.Refresh()
}

// tappedRow turns the table's cell selection into a selection by identity. The table's own
// marker is cleared at once: it belongs to a row number, which means another process after
// the next re-sort.
func (t *Table) tappedRow(id widget.TableCellID) {
	t.UnselectAll()
	if t.Model == nil || id.Row < 0 || id.Row >= len(t.Model.Rows) {
		return
	}
	t.choose(id.Row)
	// The folded row of Go runtime threads opens at a tap as well as at Enter: a row that
	// says "×3" invites a click.
	if r := t.Model.Rows[id.Row]; r.IsRuntimeFold() && t.OnUnfold != nil {
		t.OnUnfold(r.Proc)
	}
}

func (t *Table) choose(i int) {
	r := t.Model.Rows[i]
	t.SelectKey(r.Proc, r.TID)
	// An app's row stands for no one process: the detail pane keeps what it shows.
	if t.OnSelect != nil && r.Group() == nil {
		t.OnSelect(r)
	}
}

// SelectKey marks a process (tid 0) or thread as selected without telling anyone.
func (t *Table) SelectKey(k inspect.TaskKey, tid int) {
	if t.HasSel && t.Sel == k && t.selTID == tid {
		return
	}
	t.Sel, t.selTID, t.HasSel = k, tid, true
	t.refill()
}

// selectedRow is the row of the selection in the current model, or -1.
func (t *Table) selectedRow() int {
	if !t.HasSel {
		return -1
	}
	return t.Model.Find(t.Sel, t.selTID)
}

// TypedKey implements fyne.Focusable: arrows and page keys move the selection, Enter acts on
// it, and the window's own keys pass up (Space would otherwise select the highlighted cell).
func (t *Table) TypedKey(e *fyne.KeyEvent) {
	if t.Modal != nil && t.Modal(e) {
		return
	}
	switch e.Name {
	case fyne.KeyUp:
		t.move(-1)
	case fyne.KeyDown:
		t.move(1)
	case fyne.KeyPageUp:
		t.move(-t.pageRows())
	case fyne.KeyPageDown:
		t.move(t.pageRows())
	case fyne.KeyHome:
		t.moveTo(0)
	case fyne.KeyEnd:
		if t.Model != nil {
			t.moveTo(len(t.Model.Rows) - 1)
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if i := t.selectedRow(); i >= 0 && t.OnEnter != nil {
			t.OnEnter(t.Model.Rows[i])
		}
	default:
		if t.OnKey == nil || !t.OnKey(e) {
			t.Table.TypedKey(e)
		}
	}
}

func (t *Table) pageRows() int {
	h := t.CreateCell().MinSize().Height
	if h <= 0 {
		return 10
	}
	return max(1, int(t.Size().Height/h)-2)
}

func (t *Table) move(d int) {
	i := t.selectedRow()
	if i < 0 {
		i = 0
	} else {
		i += d
	}
	t.moveTo(i)
}

func (t *Table) moveTo(i int) {
	if t.Model == nil || len(t.Model.Rows) == 0 {
		return
	}
	i = max(0, min(i, len(t.Model.Rows)-1))
	if t.laidRows != len(t.Model.Rows) {
		t.relayout() // the row may lie beyond the length the table knows
	}
	t.choose(i)
	t.ScrollTo(widget.TableCellID{Row: i, Col: int(model.ColName)})
}

// SetLecture chooses which columns give way first when the table is narrow: in presentation
// mode (on) App and the disk rates, which a lecture on threads needs least; otherwise Core and
// Threads, which a desktop user needs least. SetColumnWidths then applies it.
func (t *Table) SetLecture(on bool) {
	t.drops = model.DesktopDrops
	if on {
		t.drops = model.LectureDrops
	}
}

// Columns are the columns the table shows, in order: its column i is Columns()[i].
func (t *Table) Columns() []model.Column { return t.cols }

// SetColumnWidths sizes the columns for the theme's text size, so presentation mode widens
// them along with the text; the Name column then takes what the others leave (fitColumns).
func (t *Table) SetColumnWidths(th fyne.Theme) {
	t.widths = columnWidths(th)
	t.fitColumns(t.fitWidth)
}

// columnWidths is each column's width for the theme: its widest expected text or its title.
func columnWidths(th fyne.Theme) [model.NumCols]float32 {
	size := th.Size(theme.SizeNameText)
	pad := th.Size(theme.SizeNameInnerPadding)
	icon := th.Size(theme.SizeNameInlineIcon)
	samples := [model.NumCols]string{"4194304", "Web Content [Renderer]", "username", "disk wait", "100.0", "1000", "8 cores", "999.9 MiB",
		"no permission", "no permission", "gnome-terminal"}
	var w [model.NumCols]float32
	for c := range model.NumCols {
		w[c] = max(fyne.MeasureText(samples[c], size, fyne.TextStyle{}).Width,
			fyne.MeasureText(model.ColumnTitles[c], size, fyne.TextStyle{Bold: true}).Width+icon) + pad
	}
	return w
}

// fitColumns lays the columns over width: every column at its width, the Name column given
// what the others leave (no less than a 15-byte process name, no more than its own width), so
// that at presentation size on a 1280-wide projector RSS is not cut off on the right.
func (t *Table) fitColumns(width float32) {
	t.fitWidth = width
	w := t.widths
	if width > 0 {
		th := t.Theme()
		least := fyne.MeasureText("Isolated Web", th.Size(theme.SizeNameText), fyne.TextStyle{}).Width
		var shown []model.Column
		w, shown = model.FitColumns(t.widths, width, least, th.Size(theme.SizeNameScrollBar),
			// widget.Table puts the theme's padding after every column (a separator is drawn in it).
			max(th.Size(theme.SizeNamePadding), th.Size(theme.SizeNameSeparatorThickness)), t.drops)
		if !slices.Equal(shown, t.cols) {
			t.cols = slices.Clone(shown)
			t.Applied = [model.NumCols]float32{} // the table's column i may now be another column
			t.Refresh()
		}
	}
	if w == t.Applied {
		return
	}
	t.Applied = w
	for i, c := range t.cols {
		t.SetColumnWidth(i, w[c])
	}
}
