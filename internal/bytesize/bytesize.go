// Package bytesize writes byte counts for people: binary units (KiB, MiB, ...) with three
// significant figures, as the window's memory columns, the recorder's status line and
// `taskscope record` all show them. It is the one byte formatter of the module, kept at its
// root so the headless packages (record) and the window's model can both import it.
package bytesize

import "strconv"

// Format writes n in binary units with three significant figures: "512 B", "1.5 KiB",
// "400 MiB", "8.0 GiB".
func Format(n uint64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatUint(n, 10) + " B"
	}
	v := float64(n)
	i := -1
	for v >= unit && i < 4 {
		v /= unit
		i++
	}
	prec := 1
	if v >= 100 {
		prec = 0
	}
	// Rounding may carry into the next unit ("1024 KiB"): say "1.0 MiB" instead.
	if v >= unit-0.5 && i < 4 {
		v /= unit
		i++
		prec = 1
	}
	return strconv.FormatFloat(v, 'f', prec, 64) + " " + [...]string{"KiB", "MiB", "GiB", "TiB", "PiB"}[i]
}

// FormatSigned is Format for a count kept in an int64 (file sizes); a negative count, which no
// size can be, is written as 0 B.
func FormatSigned(n int64) string { return Format(uint64(max(n, 0))) }
