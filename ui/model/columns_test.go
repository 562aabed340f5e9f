package model

import "testing"

func TestFitColumns(t *testing.T) {
	// Eight columns of 50 besides the Name, which asks for 200 and may shrink to 80; the disk
	// rates ask for 100 each and the App column for 150.
	want := [NumCols]float32{50, 200, 50, 50, 50, 50, 50, 50, 100, 100, 150}
	const least, fixed = 80, 10
	base := float32(7*50 + fixed) // 360 besides the Name and the optional columns
	cases := []struct {
		name  string
		width float32
		nameW float32
		shown [3]bool // Read, Write, App
	}{
		{"room for everything", base + 200 + 350, 200, [3]bool{true, true, true}},
		{"name shrinks first", base + 80 + 350, 80, [3]bool{true, true, true}},
		{"then the App column goes, and the Name gets its room back", base + 79 + 350, 200, [3]bool{true, true, false}},
		{"then both rates", base + 80 + 199, 200, [3]bool{false, false, false}},
		{"never narrower than least", 100, 80, [3]bool{false, false, false}},
		{"unknown width keeps all", 0, 200, [3]bool{true, true, true}},
	}
	for _, c := range cases {
		w, shown := FitColumns(want, c.width, least, fixed, 0)
		if wantShown := 8 + btoi(c.shown[0]) + btoi(c.shown[1]) + btoi(c.shown[2]); shown != wantShown {
			t.Errorf("%s: shows %d columns, want %d", c.name, shown, wantShown)
		}
		got := [3]bool{w[ColRead] > 0, w[ColWrite] > 0, w[ColApp] > 0}
		if got != c.shown {
			t.Errorf("%s: Read, Write, App shown = %v, want %v", c.name, got, c.shown)
		}
		if w[ColName] != c.nameW {
			t.Errorf("%s: Name width %v, want %v", c.name, w[ColName], c.nameW)
		}
		for _, col := range []Column{ColPID, ColUser, ColState, ColCPU, ColThreads, ColCore, ColRSS} {
			if w[col] != want[col] {
				t.Errorf("%s: column %s changed to %v", c.name, ColumnTitles[col], w[col])
			}
		}
		var sum float32
		for _, cw := range w {
			sum += cw
		}
		if c.width > 0 && sum+fixed > max(c.width, base+least) {
			t.Errorf("%s: columns need %v, more than %v", c.name, sum+fixed, c.width)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
