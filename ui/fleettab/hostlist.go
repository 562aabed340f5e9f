package fleettab

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// hostList is the list of hosts, driven from the keyboard as a table is: Up and Down move the
// selection itself (not a separate focus mark, which would be a second cursor on a projector),
// Home and End go to the first and last host, and Enter or Return opens the selected host.
// Keys it does not use (Space, F11, Escape) go to onKey, the window's keys.
type hostList struct {
	widget.List
	// onOpen opens the selected host; onKey is given the keys the list does not use.
	onOpen func()
	onKey  func(*fyne.KeyEvent) bool
	// selected is the selected row or -1; the tab's OnSelected and OnUnselected keep it, since
	// widget.List keeps its own selection private.
	selected widget.ListItemID
}

// newHostList builds the list over length, create and update, as widget.NewList does.
func newHostList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *hostList {
	l := &hostList{selected: -1}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// FocusGained keeps the list's own focus mark off: the selection is the cursor (see hostList).
func (l *hostList) FocusGained() {}

// FocusLost implements fyne.Focusable.
func (l *hostList) FocusLost() {}

// TypedKey moves the selection, opens the selected host, or passes the key on.
func (l *hostList) TypedKey(e *fyne.KeyEvent) {
	n, sel := l.Length(), l.selected
	if n == 0 && e.Name != fyne.KeyReturn && e.Name != fyne.KeyEnter {
		if l.onKey != nil {
			l.onKey(e)
		}
		return
	}
	switch e.Name {
	case fyne.KeyDown:
		l.Select(min(sel+1, n-1)) // from no selection, the first host
	case fyne.KeyUp:
		l.Select(max(sel-1, 0))
	case fyne.KeyHome:
		l.Select(0)
	case fyne.KeyEnd:
		l.Select(n - 1)
	case fyne.KeyReturn, fyne.KeyEnter:
		if sel >= 0 && l.onOpen != nil {
			l.onOpen()
		}
	default:
		if l.onKey != nil {
			l.onKey(e)
		}
	}
}

// focus puts the keyboard on the list when it is on a canvas and nothing else has the focus:
// the first load of the tab lets Up, Down and Enter work at once, without stealing the focus
// from a box the user types in.
func (l *hostList) focus(force bool) {
	c := fyne.CurrentApp().Driver().CanvasForObject(l)
	if c == nil || (!force && c.Focused() != nil) {
		return
	}
	c.Focus(l)
}
