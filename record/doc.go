// Package record writes and reads Taskscope recordings: every sample of a session (and, where
// there are any, exact traces of watched threads) in one file of our own format, and exports
// them as Trace Event Format JSON for Perfetto, chrome://tracing and speedscope.
//
// A recording is a header followed by chunks (see README, "Recordings"). Each samples chunk is
// one zstd frame holding about a second of samples, each sample stored as its changes since the
// one before (a task that did not change costs nothing) except at keyframes, which hold a whole
// sample and from which any moment is decoded. Chunks carry their length and CRC-32C, so a
// crash loses at most the chunk being written and a damaged chunk is skipped; a closed file ends
// with an index of its chunks, which a reader rebuilds by scanning chunk headers when the file
// was cut short.
//
// The commands `taskscope record`, `replay` and `export` live here too (RecordMain, ReplayMain,
// ExportMain), so the window's binary and the headless agent run the same code. The package
// imports inspect, never ui or Fyne.
package record
