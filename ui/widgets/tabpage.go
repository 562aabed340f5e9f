package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// TabPage holds the content of one tab of an AppTabs. Fyne's tab container asks the content of
// every tab, shown or not, for its minimum size whenever it lays out or a frame is drawn, and a
// hidden tab's answer means measuring its whole widget tree: the Demos tab's five cards with
// their wrapped text cost a large share of each once-a-second frame while the Processes tab was
// on screen. A TabPage that is hidden answers zero at once; shown, it answers for its content.
//
// Hiding or showing the page does the same to its content, so code that asks whether its view is
// on screen (content.Visible()) keeps getting the right answer.
type TabPage struct {
	widget.BaseWidget
	content fyne.CanvasObject
}

// NewTabPage wraps the content of one tab.
func NewTabPage(content fyne.CanvasObject) *TabPage {
	p := &TabPage{content: content}
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer implements fyne.Widget.
func (p *TabPage) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(p.content) }

// MinSize is zero while the page is hidden, and its content's otherwise.
func (p *TabPage) MinSize() fyne.Size {
	if !p.Visible() {
		return fyne.Size{}
	}
	return p.BaseWidget.MinSize()
}

// Show shows the page and its content.
func (p *TabPage) Show() {
	p.content.Show()
	p.BaseWidget.Show()
}

// Hide hides the page and its content.
func (p *TabPage) Hide() {
	p.content.Hide()
	p.BaseWidget.Hide()
}
