package cardmodel

import (
	"testing"

	"github.com/taskscope/taskscope/ui/model/modeltest"
)

// TestTabTiles: a tile names the tab with its thread or process and what it read or how it
// ended, short enough for a quarter of a projector's pane; the address is said once.
func TestTabTiles(t *testing.T) {
	b := NewBrowserState("processes")
	for _, e := range modeltest.BrowserStartTabs("processes", 4194000, 12) {
		b.Apply(e)
	}
	b.Apply(modeltest.Ev("read", "tab", 12, "pid", 4194012, "tid", 4194012, "value", 123456, "address", "0x7e5f00"))
	b.Apply(modeltest.Ev("tab", "tab", 3, "pid", 4194003, "state", "crashed", "reason", "SIGSEGV"))
	if got, want := b.TabTileText(b.Tabs[12]), "12 · pid 4194012\nreads 123456"; got != want {
		t.Errorf("tile 12 = %q, want %q", got, want)
	}
	if got, want := b.TabTileText(b.Tabs[3]), "3 · pid 4194003\ncrashed: SIGSEGV"; got != want {
		t.Errorf("tile 3 = %q, want %q", got, want)
	}
	if got, want := b.TilesCaption(), "every tab reads its variable at 0x7e5f00"; got != want {
		t.Errorf("caption = %q, want %q", got, want)
	}
	th := NewBrowserState("threads")
	if th.TilesCaption() != "" {
		t.Error("a caption before any reading")
	}
	for _, e := range modeltest.BrowserStartTabs("threads", 100, 5) {
		th.Apply(e)
	}
	if got, want := th.TabTileText(th.Tabs[5]), "5 · tid 105\nreads 0"; got != want {
		t.Errorf("thread tile = %q, want %q", got, want)
	}
}

// TestTabListRanges: long lists of tabs write runs as ranges; short ones in full.
func TestTabListRanges(t *testing.T) {
	for _, c := range []struct {
		ns   []int
		want string
	}{
		{[]int{2}, "tab 2"},
		{[]int{1, 2, 3, 4}, "tabs 1, 2, 3, 4"},
		{[]int{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, "tabs 2-12"},
		{[]int{1, 2, 3, 5, 7, 8, 9, 10}, "tabs 1-3, 5, 7-10"},
		{[]int{1, 2, 4, 6, 7, 9, 11}, "tabs 1, 2, 4, 6, 7, 9, 11"},
	} {
		if got := tabList(c.ns); got != c.want {
			t.Errorf("tabList(%v) = %q, want %q", c.ns, got, c.want)
		}
	}
}
