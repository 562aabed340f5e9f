package processes

import (
	"runtime"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// SchedRow is the detail pane's row for pinning the selected process to cores and changing
// its nice value. The window acts on it through OnPin and OnNice.
type SchedRow struct {
	Pin    *widget.Select
	Nice   *widget.Entry
	Set    *widget.Button
	Box    fyne.CanvasObject
	OnPin  func(cpus []int, label string)
	OnNice func(n int)
}

func newSchedRow() *SchedRow {
	r := &SchedRow{}
	opts := []string{"all cores"}
	for c := range runtime.NumCPU() {
		opts = append(opts, "core "+strconv.Itoa(c))
	}
	r.Pin = &widget.Select{PlaceHolder: "Pin to…", Options: opts, OnChanged: func(s string) {
		if s == "" || r.OnPin == nil {
			return
		}
		var cpus []int
		if c, ok := strings.CutPrefix(s, "core "); ok {
			n, _ := strconv.Atoi(c)
			cpus = []int{n}
		} else {
			for c := range runtime.NumCPU() {
				cpus = append(cpus, c)
			}
		}
		r.OnPin(cpus, s)
	}}
	r.Nice = &widget.Entry{PlaceHolder: "nice"}
	r.Set = &widget.Button{Text: "Set nice", OnTapped: func() {
		if r.OnNice == nil {
			return
		}
		n, err := strconv.Atoi(strings.TrimSpace(r.Nice.Text))
		if err != nil || n < -20 || n > 19 {
			n = 100 // refused below, with the reason
		}
		r.OnNice(n)
	}}
	r.Box = container.NewHBox(r.Pin, container.NewGridWrap(fyne.NewSize(70, r.Nice.MinSize().Height), r.Nice), r.Set)
	return r
}
