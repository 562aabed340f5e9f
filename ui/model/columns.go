package model

// columnDrops are the sets of columns the process table leaves out, tried in order, when it is
// too narrow for all of them: first the App column (the detail pane and Group by app still say
// the app), then the disk rates, both at once, since one without the other reads as a mistake.
// The columns of the table before them (PID to RSS) always stay: the Name column shrinks
// instead, down to a least width. Each set is a tail of the columns, so a table shows the first
// n columns and nothing in between is ever hidden.
var columnDrops = [][]Column{nil, {ColApp}, {ColApp, ColRead, ColWrite}}

// FitColumns returns the widths the table gives its columns when it is width wide: want are
// the widths each column's content asks for, least the narrowest the Name column may get, fixed
// what the table takes besides its columns (the scroll bar) and sep the gap after each column. A column left
// out gets width 0, and shown is how many columns, from the first, the table shows. The Name
// column takes what the others leave, up to what it asks for.
func FitColumns(want [NumCols]float32, width, least, fixed, sep float32) (w [NumCols]float32, shown int) {
	w = want
	if width <= 0 {
		return w, int(NumCols)
	}
	for i, drop := range columnDrops {
		w = want
		for _, c := range drop {
			w[c] = 0
		}
		shown = int(NumCols) - len(drop)
		// Every shown column costs its separator; the scroll bar is in fixed.
		rest := fixed + float32(shown)*sep
		for c, cw := range w {
			if Column(c) != ColName {
				rest += cw
			}
		}
		if rest+least <= width || i == len(columnDrops)-1 {
			w[ColName] = min(max(width-rest, least), want[ColName])
			return w, shown
		}
	}
	return w, shown
}
