// Package processes is the Processes tab: the tool row (filter box, thread, kernel and tree
// check boxes, refresh interval, Freeze and the scrub-back slider), the process table with a
// selection that follows its process through re-sorts, and the detail pane of the selected
// process (facts, memory, threads, signals, pinning and nice).
//
// Its widgets show what ui/model decided; they keep no state of their own beyond what is on
// screen. The window (package ui) owns the settings they show, wires their callbacks (the
// On... fields) to the view state and the worker, and hands each frame to Table.SetModel,
// Tab.ShowCount and Detail.Show. Like every tab package it imports neither ui nor another tab.
package processes
