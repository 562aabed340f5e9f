package fleettab

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// columns is the number of columns of a row: host, CPU, memory, processes, top groups.
const columns = 5

// columnWeights are the columns' shares of a row's width. The busiest groups are a list of
// names and need the most room; the process count is one number and needs the least. The
// header and every row use the same weights, so titles stay over their figures.
var columnWeights = [columns]float32{1.1, 1, 1, 0.6, 1.6}

// columnsLayout places its objects side by side at columnWeights' shares of the width, with the
// theme's padding between them, each as tall as the row.
type columnsLayout struct{}

// newColumns lays out the five objects of a row (or the header) in columns.
func newColumns(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(columnsLayout{}, objs...)
}

// MinSize is the sum of the columns' narrowest widths and paddings, and the tallest column.
func (columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		m := o.MinSize()
		s.Width += m.Width
		if i > 0 {
			s.Width += theme.Padding()
		}
		s.Height = max(s.Height, m.Height)
	}
	return s
}

// Layout gives each column its share of the width left after the paddings.
func (columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var total float32
	for i := range objs {
		total += columnWeights[i%columns]
	}
	pad := theme.Padding()
	avail := size.Width - pad*float32(len(objs)-1)
	x := float32(0)
	for i, o := range objs {
		w := avail * columnWeights[i%columns] / total
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}
