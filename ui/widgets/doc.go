// Package widgets holds Taskscope's reusable Fyne parts: table cells and column titles, the
// sparkline of the header's meters, the bar chart of the demo cards, the core lanes canvas,
// the tab page that measures nothing while hidden, the presentation theme, and small helpers
// (set a label's text or a widget's state only when it changed, a minimum width that grows with
// presentation text).
//
// Widgets draw what they are given; deciding what to show is ui/model's. They import ui/model
// for its plain values (bars, lane rows, the palette), never a tab package or ui.
package widgets
