package record

import (
	"encoding/json"
	"math"
	"strconv"
)

// exactSpan returns the ts and dur strings of a slice from start to end (ns since the export's
// start) such that a viewer which reads them as doubles and adds them, as JavaScript does, gets
// an end no later than the double of end's own ts string. A slice that ends where the next one
// begins then never reaches into it: with both written as three-decimal microseconds, the sum
// of the doubles can land one ulp past the next ts (1106387.226 + 291.941 gives
// 1106679.1670000001), and speedscope then draws a stack of slices that never close.
//
// ts keeps every nanosecond. dur is the largest double not above the exact duration whose sum
// with ts stays at or below the end; it differs from the exact figure by far less than a
// nanosecond, and is written in the shortest form that reads back as that same double.
func exactSpan(start, end int64) (ts, dur json.Number) {
	tsStr, endStr := microString(start), microString(end)
	t, _ := strconv.ParseFloat(tsStr, 64)
	e, _ := strconv.ParseFloat(endStr, 64)
	d := min(e-t, float64(end-start)/1e3)
	for d > 0 && t+d > e {
		d = math.Nextafter(d, 0)
	}
	d = max(d, 0)
	return json.Number(tsStr), json.Number(strconv.FormatFloat(d, 'g', -1, 64))
}
