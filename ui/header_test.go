package ui

import "testing"

// TestMemoryShownIgnoresPages: a few pages more or less in use is no change on screen, so the
// header's memory bar is not refreshed for it; a visible change is.
func TestMemoryShownIgnoresPages(t *testing.T) {
	const total = 8 << 30
	used := float64(3<<30 + 123<<20)
	if memoryShown(used, total) != memoryShown(used+3*4096, total) {
		t.Error("three pages more changed what the bar shows")
	}
	if memoryShown(used, total) == memoryShown(used+200<<20, total) {
		t.Error("200 MiB more did not change what the bar shows")
	}
}
