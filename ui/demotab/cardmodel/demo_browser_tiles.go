package cardmodel

import (
	"fmt"
	"slices"
	"strings"
)

// DenseTabs is the most tabs a projector's browser grid shows as full cells; more (up to the
// demo's 12) are drawn as tiles, TabTileText, in TileColumns columns, with the address said
// once above them (TilesCaption), so 12 tabs take three short rows.
const (
	DenseTabs   = 4
	TileColumns = 4
)

// TabTileText is a tab as a small tile: its number with the thread (threads model) or process
// it lives in, and what it last read or how it ended. The address, the same for every tab, is
// left to TilesCaption; the tile's colour says alive, crashed or closed.
func (b *BrowserState) TabTileText(t *BrowserTab) string {
	who := fmt.Sprintf("%d · tid %d", t.N, t.TID)
	if b.Model == "processes" {
		who = fmt.Sprintf("%d · pid %d", t.N, t.PID)
	}
	read := "no reading"
	if t.Read {
		read = fmt.Sprintf("reads %d", t.Value)
	}
	if t.State != "alive" {
		read = t.State
		if t.Reason != "" {
			read += ": " + t.Reason
		}
	}
	return who + "\n" + read
}

// TilesCaption is the line over the tiles: the addresses the live tabs read their variable
// at. Every tab of either model reports the same one (in the processes model each in its own
// address space, which is the lesson), so it is said once; "" before any reading.
func (b *BrowserState) TilesCaption() string {
	var addrs []string
	for _, n := range b.Numbers() {
		t := b.Tabs[n]
		if t.Read && t.State == "alive" && t.Address != "" && !slices.Contains(addrs, t.Address) {
			addrs = append(addrs, t.Address)
		}
	}
	switch len(addrs) {
	case 0:
		return ""
	case 1:
		return "every tab reads its variable at " + addrs[0]
	}
	return "tabs read their variable at " + strings.Join(addrs, ", ")
}
