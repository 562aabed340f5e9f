package main

// A crude reading of screenshots, enough to tell a drawn window with rows of text from a black,
// blank or half-drawn one without OCR.

import (
	"image"
	"image/color"
	"testing"
)

// guiLuma is the brightness of a pixel, 0 to 255.
func guiLuma(c color.Color) int {
	r, g, b, _ := c.RGBA()
	return int((299*r + 587*g + 114*b) / 1000 >> 8)
}

// guiColours counts the distinct colours in r, up to limit (a drawn window with anti-aliased
// text has hundreds; black, or a window not yet drawn, has one or two).
func guiColours(img image.Image, r image.Rectangle, limit int) int {
	seen := map[color.RGBA]bool{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			seen[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)] = true
			if len(seen) >= limit {
				return limit
			}
		}
	}
	return len(seen)
}

// guiTextBands counts the horizontal bands of text in r: runs of pixel rows with many sharp
// changes of brightness along x, as glyphs make. Rules and column borders cross every row the
// same way, so a row counts only when it changes clearly more often than the calmest row of r;
// a band must be at least minHeight rows tall, which one-pixel lines and borders are not.
func guiTextBands(img image.Image, r image.Rectangle, minHeight int) int {
	const edge = 40 // brightness step that counts as an edge; anti-aliasing makes smaller ones
	counts := make([]int, 0, r.Dy())
	calm := -1
	for y := r.Min.Y; y < r.Max.Y; y++ {
		n, prev := 0, guiLuma(img.At(r.Min.X, y))
		for x := r.Min.X + 1; x < r.Max.X; x++ {
			l := guiLuma(img.At(x, y))
			if d := l - prev; d > edge || d < -edge {
				n++
			}
			prev = l
		}
		counts = append(counts, n)
		if calm < 0 || n < calm {
			calm = n
		}
	}
	bands, run := 0, 0
	for i, n := range counts {
		if n >= calm+8 {
			run++
		}
		if n < calm+8 || i == len(counts)-1 {
			if run >= minHeight {
				bands++
			}
			run = 0
		}
	}
	return bands
}

func TestGUITextBands(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 200, 100))
	for y := 0; y < 100; y++ {
		for x := 0; x < 200; x++ {
			img.Set(x, y, color.Black)
		}
		img.Set(100, y, color.White) // a column border crosses every row
	}
	// Three "lines of text": stripes of alternating pixels, 8 rows tall, and one 1-row rule.
	for _, top := range []int{10, 40, 70} {
		for y := top; y < top+8; y++ {
			for x := 10; x < 90; x += 4 {
				img.Set(x, y, color.White)
			}
		}
	}
	for x := 0; x < 200; x += 2 {
		img.Set(x, 60, color.White)
	}
	if got := guiTextBands(img, img.Bounds(), 4); got != 3 {
		t.Errorf("guiTextBands = %d, want 3", got)
	}
	if got := guiColours(img, img.Bounds(), 100); got != 2 {
		t.Errorf("guiColours = %d, want 2", got)
	}
}
