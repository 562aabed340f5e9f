package main

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// envGUIFloor makes a re-executed test binary open the benchmark's floor window instead of
// running tests (see TestMain).
const envGUIFloor = "TASKSCOPE_TEST_GUI_FLOOR"

// floorTitle is the floor window's title, by which the benchmark finds it on the screen.
const floorTitle = "Fyne floor"

// floorTicking, as the value of envGUIFloor, makes the floor window change one cell's text once
// a second: the toolkit's own cost of repainting such a window at a 1 s refresh
// (TestGUIFloorRepaint).
const floorTicking = "tick"

// floorLabel, as the value of envGUIFloor, opens a window of the same size holding one label
// that changes once a second and nothing else: the least any repaint costs at that size.
const floorLabel = "label"

// runFloorWindow opens a bare Fyne window, as large as Taskscope's, showing a table of static
// text that never changes: what the toolkit alone costs while idle (its event loop polls at
// 60 Hz), the floor the benchmark subtracts. It returns when the window is closed or the
// process is signalled to end.
func runFloorWindow() int {
	a := app.NewWithID("io.github.taskscope.GUIFloor")
	w := a.NewWindow(floorTitle)
	if os.Getenv(envGUIFloor) == floorLabel {
		l := widget.NewLabel("0 s")
		w.SetContent(container.NewVBox(l))
		w.Resize(fyne.NewSize(1280, 800))
		go func() {
			for n := 1; ; n++ {
				time.Sleep(time.Second)
				fyne.Do(func() { l.SetText(strconv.Itoa(n) + " s") })
			}
		}()
		w.ShowAndRun()
		return 0
	}
	const rows, cols = 200, 8
	var seconds int // shown in the first cell, when ticking
	table := widget.NewTable(
		func() (int, int) { return rows, cols },
		func() fyne.CanvasObject { return widget.NewLabel("ts-workload [taskscope]") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			text := "row " + strconv.Itoa(id.Row) + " col " + strconv.Itoa(id.Col)
			if id.Row == 0 && id.Col == 0 && seconds > 0 {
				text = strconv.Itoa(seconds) + " s"
			}
			o.(*widget.Label).SetText(text)
		})
	for c := range cols {
		table.SetColumnWidth(c, 150)
	}
	w.SetContent(table)
	w.Resize(fyne.NewSize(1280, 800))
	if os.Getenv(envGUIFloor) == floorTicking {
		go func() {
			for range time.Tick(time.Second) {
				fyne.Do(func() {
					seconds++
					table.RefreshItem(widget.TableCellID{})
				})
			}
		}()
	}
	w.ShowAndRun()
	return 0
}

// TestGUIFloorRepaint measures what the toolkit itself charges for a window that changes once a
// second, with nothing of Taskscope in it (TASKSCOPE_BENCH=1): two floor windows side by side on
// one Xvfb, one static, one changing the text of a single cell every second, and the CPU each
// uses over TASKSCOPE_GUIBENCH_SECONDS (30). Fyne repaints the whole window for any change, so
// the ratio is the least a view refreshed every second can cost beside the static floor; under
// software GL (llvmpipe) it was 2.3x to 2.5x. A third window of the same size holds only one
// label changing once a second: what a repaint costs with almost nothing to draw (1.4x to
// 1.7x here). A fourth is the ticking floor again with Mesa's software rasterizer kept on the
// window's own thread (LP_NUM_THREADS=0): how much of a repaint's cost is the handing of each
// frame to llvmpipe's worker threads rather than the drawing itself. It only reports: it is the
// yardstick for the CPU figure of TestGUIBench, not a target.
func TestGUIFloorRepaint(t *testing.T) {
	if os.Getenv("TASKSCOPE_BENCH") != "1" {
		t.Skip("set TASKSCOPE_BENCH=1 to measure")
	}
	guiNeedTools(t, "Xvfb", "xwininfo")
	seconds := 30
	if n, err := strconv.Atoi(os.Getenv("TASKSCOPE_GUIBENCH_SECONDS")); err == nil && n > 0 {
		seconds = n
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	display, _ := guiXvfb(t, "1400x900x24", "1400x900x24", "1400x900x24", "1400x900x24")
	apps := []*benchApp{{name: "static floor", display: display + ".0"}, {name: "ticking floor", display: display + ".1"},
		{name: "ticking label", display: display + ".2"}, {name: "ticking, 1 GL thread", display: display + ".3"}}
	for i, a := range apps {
		extra := [][]string{{envGUIFloor + "=1"}, {envGUIFloor + "=" + floorTicking}, {envGUIFloor + "=" + floorLabel},
			{envGUIFloor + "=" + floorTicking, "LP_NUM_THREADS=0"}}[i]
		env, _ := guiEnv(t, a.display, extra...)
		var logs guiBuffer
		a.cmd = guiStart(t, env, &logs, exe)
		if !waitWindow(a.display, floorTitle, 30*time.Second) {
			t.Fatalf("no window from the %s within 30 s:\n%s", a.name, logs.String())
		}
	}
	time.Sleep(3 * time.Second)
	for _, a := range apps {
		a.ticks0 = treeTicks(a.cmd.Process.Pid)
	}
	time.Sleep(time.Duration(seconds) * time.Second)
	for _, a := range apps {
		a.ticks = treeTicks(a.cmd.Process.Pid) - a.ticks0
		fmt.Printf("%-20s cpu %5d ticks (%5.1f%% of a core)\n", a.name, a.ticks, float64(a.ticks)/float64(seconds))
	}
	for _, a := range []*benchApp{apps[1], apps[3]} {
		if a.ticks <= apps[0].ticks {
			t.Errorf("the %s used no more CPU than the static floor (%d vs %d ticks): it did not repaint", a.name, a.ticks, apps[0].ticks)
		}
	}
	fmt.Printf("a repaint a second costs the bare toolkit %.2fx its idle floor over %d s; a window of one label changing once a second, %.2fx\n",
		float64(apps[1].ticks)/float64(max(apps[0].ticks, 1)), seconds, float64(apps[2].ticks)/float64(max(apps[0].ticks, 1)))
	fmt.Printf("the ticking floor with llvmpipe on the window's thread (LP_NUM_THREADS=0) costs %.2fx the static floor, %.2fx the ticking floor\n",
		float64(apps[3].ticks)/float64(max(apps[0].ticks, 1)), float64(apps[3].ticks)/float64(max(apps[1].ticks, 1)))
}
