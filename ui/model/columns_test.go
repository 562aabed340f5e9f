package model

import (
	"slices"
	"testing"
)

func TestFitColumns(t *testing.T) {
	// Ten columns besides the Name, which asks for 200 and may shrink to 80: Threads and Core ask
	// for 50 each, the disk rates 100 each, the App column 150, the six others 50 each.
	want := [NumCols]float32{50, 200, 50, 50, 50, 50, 50, 50, 100, 100, 150}
	const least, fixed = 80, 10
	base := float32(5*50 + fixed) // PID, User, State, CPU, RSS and the scroll bar
	all := []Column{ColPID, ColName, ColUser, ColState, ColCPU, ColThreads, ColCore, ColRSS, ColRead, ColWrite, ColApp}
	without := func(drop ...Column) []Column {
		return slices.DeleteFunc(slices.Clone(all), func(c Column) bool { return slices.Contains(drop, c) })
	}
	cases := []struct {
		name  string
		drops [][]Column
		width float32
		nameW float32
		shown []Column
	}{
		{"room for everything", DesktopDrops, base + 100 + 200 + 350, 200, all},
		{"name shrinks first", DesktopDrops, base + 100 + 80 + 350, 80, all},
		{"desktop: Core goes first", DesktopDrops, base + 100 + 79 + 350, 129, without(ColCore)},
		{"desktop: then Threads", DesktopDrops, base + 50 + 79 + 350, 129, without(ColCore, ColThreads)},
		{"desktop: then App, and the Name gets its room back", DesktopDrops, base + 79 + 350, 200, without(ColCore, ColThreads, ColApp)},
		{"desktop: the disk rates last", DesktopDrops, base + 79 + 200, 200, without(ColCore, ColThreads, ColApp, ColRead, ColWrite)},
		{"lecture: App goes first, threads and cores stay", LectureDrops, base + 100 + 79 + 350, 200, without(ColApp)},
		{"lecture: then both rates", LectureDrops, base + 100 + 80 + 199, 200, without(ColApp, ColRead, ColWrite)},
		{"never narrower than least", DesktopDrops, 100, 80, without(ColCore, ColThreads, ColApp, ColRead, ColWrite)},
		{"unknown width keeps all", DesktopDrops, 0, 200, all},
		{"no drops keeps all", nil, 100, 200, all},
	}
	for _, c := range cases {
		w, shown := FitColumns(want, c.width, least, fixed, 0, c.drops)
		if !slices.Equal(shown, c.shown) {
			t.Errorf("%s: shows %v, want %v", c.name, shown, c.shown)
		}
		if w[ColName] != c.nameW {
			t.Errorf("%s: Name width %v, want %v", c.name, w[ColName], c.nameW)
		}
		var sum float32
		for col, cw := range w {
			if slices.Contains(shown, Column(col)) != (cw > 0) {
				t.Errorf("%s: column %s has width %v, shown %v", c.name, ColumnTitles[col], cw, slices.Contains(shown, Column(col)))
			}
			if Column(col) != ColName && cw > 0 && cw != want[col] {
				t.Errorf("%s: column %s changed to %v", c.name, ColumnTitles[col], cw)
			}
			sum += cw
		}
		if c.width > 0 && c.drops != nil && sum+fixed > max(c.width, base+least) {
			t.Errorf("%s: columns need %v, more than %v", c.name, sum+fixed, c.width)
		}
	}
	// The separators count: a table exactly wide enough without them drops a column with them.
	if _, shown := FitColumns(want, base+100+80+350, least, fixed, 1, DesktopDrops); slices.Contains(shown, ColCore) {
		t.Error("separators were not counted")
	}
}

// TestDropsKeepTheCore: no set ever leaves out PID, Name, User, State, CPU or RSS, and each
// set holds the one before it, so widening the window never hides a column it showed.
func TestDropsKeepTheCore(t *testing.T) {
	for name, drops := range map[string][][]Column{"desktop": DesktopDrops, "lecture": LectureDrops} {
		for i, d := range drops {
			for _, c := range []Column{ColPID, ColName, ColUser, ColState, ColCPU, ColRSS} {
				if slices.Contains(d, c) {
					t.Errorf("%s set %d leaves out %s", name, i, ColumnTitles[c])
				}
			}
			if i > 0 {
				for _, c := range drops[i-1] {
					if !slices.Contains(d, c) {
						t.Errorf("%s set %d shows %s again, which set %d left out", name, i, ColumnTitles[c], i-1)
					}
				}
			}
		}
	}
}
