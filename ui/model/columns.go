package model

import "slices"

// DesktopDrops are the sets of columns the process table leaves out in normal mode, tried in
// order, when it is too narrow for all of them. A desktop user looks for the app and the disk
// traffic, so Core and then Threads go first (the detail pane lists each thread with its core),
// then the App column (the detail pane and Group by app still say the app), and the disk rates
// last, both at once, since one without the other reads as a mistake.
var DesktopDrops = [][]Column{nil, {ColCore}, {ColCore, ColThreads}, {ColCore, ColThreads, ColApp},
	{ColCore, ColThreads, ColApp, ColRead, ColWrite}}

// LectureDrops are the sets presentation mode leaves out, in order: a lecture is about threads
// and cores, so those stay and the App column goes first, then both disk rates.
var LectureDrops = [][]Column{nil, {ColApp}, {ColApp, ColRead, ColWrite}}

// FitColumns returns the widths the table gives its columns when it is width wide, and the
// columns it shows, in order. want are the widths each column's content asks for, least the
// narrowest the Name column may get, fixed what the table takes besides its columns (the scroll
// bar), sep the gap after each shown column, and drops the sets of columns to leave out, tried
// in order until the rest fit (the last set is taken when nothing fits). PID, Name, User,
// State, CPU and RSS are never in a set: the Name column shrinks instead, down to least, and
// takes what the others leave, up to what it asks for. A column left out gets width 0.
func FitColumns(want [NumCols]float32, width, least, fixed, sep float32, drops [][]Column) (w [NumCols]float32, shown []Column) {
	all := make([]Column, 0, NumCols)
	for c := range NumCols {
		all = append(all, c)
	}
	if width <= 0 || len(drops) == 0 {
		return want, all
	}
	for i, drop := range drops {
		w = want
		shown = shown[:0]
		for _, c := range all {
			if slices.Contains(drop, c) {
				w[c] = 0
			} else {
				shown = append(shown, c)
			}
		}
		// Every shown column costs its separator; the scroll bar is in fixed.
		rest := fixed + float32(len(shown))*sep
		for c, cw := range w {
			if Column(c) != ColName {
				rest += cw
			}
		}
		if rest+least <= width || i == len(drops)-1 {
			w[ColName] = min(max(width-rest, least), want[ColName])
			return w, shown
		}
	}
	return w, shown
}
