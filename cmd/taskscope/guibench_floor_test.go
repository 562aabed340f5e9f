package main

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

// envGUIFloor makes a re-executed test binary open the benchmark's floor window instead of
// running tests (see TestMain).
const envGUIFloor = "TASKSCOPE_TEST_GUI_FLOOR"

// floorTitle is the floor window's title, by which the benchmark finds it on the screen.
const floorTitle = "Fyne floor"

// runFloorWindow opens a bare Fyne window, as large as Taskscope's, showing a table of static
// text that never changes: what the toolkit alone costs while idle (its event loop polls at
// 60 Hz), the floor the benchmark subtracts. It returns when the window is closed or the
// process is signalled to end.
func runFloorWindow() int {
	a := app.NewWithID("io.github.taskscope.GUIFloor")
	w := a.NewWindow(floorTitle)
	const rows, cols = 200, 8
	table := widget.NewTable(
		func() (int, int) { return rows, cols },
		func() fyne.CanvasObject { return widget.NewLabel("ts-workload [taskscope]") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText("row " + strconv.Itoa(id.Row) + " col " + strconv.Itoa(id.Col))
		})
	for c := range cols {
		table.SetColumnWidth(c, 150)
	}
	w.SetContent(table)
	w.Resize(fyne.NewSize(1280, 800))
	w.ShowAndRun()
	return 0
}
