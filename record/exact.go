package record

import (
	"encoding/json"
	"math"
	"strconv"
)

// exactSpan returns the ts and dur strings of a slice from start to end (ns since the export's
// start) on a track whose first slice starts at first, such that a viewer which reads them as
// doubles and adds them, as JavaScript does, gets an end no later than the double of end's own
// ts string. A slice that ends where the next one begins then never reaches into it: with both
// written as three-decimal microseconds, the sum of the doubles can land one ulp past the next
// ts (1106387.226 + 291.941 gives 1106679.1670000001), and speedscope then draws a stack of
// slices that never close. speedscope first subtracts the track's first ts from every ts of the
// track (a double subtraction, so it rounds too), so the sum must also stay in place when both
// sides are taken relative to first.
//
// ts keeps every nanosecond. dur is the largest double not above the exact duration whose sum
// with ts stays at or below the end, both as written and relative to first; it differs from the
// exact figure by far less than a nanosecond, and is written in the shortest form that reads
// back as that same double.
func exactSpan(start, end, first int64) (ts, dur json.Number) {
	tsStr, endStr := microString(start), microString(end)
	t, _ := strconv.ParseFloat(tsStr, 64)
	e, _ := strconv.ParseFloat(endStr, 64)
	f, _ := strconv.ParseFloat(microString(first), 64)
	d := min(e-t, float64(end-start)/1e3)
	for d > 0 && (t+d > e || (t-f)+d > e-f) {
		d = math.Nextafter(d, 0)
	}
	d = max(d, 0)
	return json.Number(tsStr), json.Number(strconv.FormatFloat(d, 'g', -1, 64))
}
