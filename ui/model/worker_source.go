package model

import "io"

// SetSource replaces the source the worker reads (the live machine, or a recording opened from
// the File menu) and takes a sample from it at once. The old source is closed when it can be.
// The caller rewinds the State on the UI goroutine, so no view mixes samples of both.
func (w *Worker) SetSource(src Source) {
	w.stopWatch()
	w.watch.keys = nil // so the next SetWatch starts a watch on the new source, if it has one
	if c, ok := w.src.(io.Closer); ok && w.src != src {
		c.Close()
	}
	w.src = src
	w.last, w.shown = nil, nil
	w.Sample()
}
