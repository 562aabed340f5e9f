package model

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/taskscope/taskscope/claims"
)

// ClaimState is where one row of the Claims tab stands.
type ClaimState int

// The states of a claim row.
const (
	// ClaimIdle: not measured yet.
	ClaimIdle ClaimState = iota
	// ClaimMeasuring: its demos are running.
	ClaimMeasuring
	// ClaimMeasured: figures and a verdict are in.
	ClaimMeasured
	// ClaimFailed: the measurement failed; Result.Error says why.
	ClaimFailed
)

// ClaimRow is one claim of the notes and what is known of it.
type ClaimRow struct {
	Claim  claims.Claim
	State  ClaimState
	Result claims.Result
}

// ClaimsTable is what the Claims tab shows: every claim, in table order, with its last result.
// It changes only through Start and Apply, so a view can be tested on recorded results.
type ClaimsTable struct {
	Rows []ClaimRow
}

// NewClaimsTable returns every claim, none measured.
func NewClaimsTable() *ClaimsTable {
	t := &ClaimsTable{}
	for _, c := range claims.All() {
		t.Rows = append(t.Rows, ClaimRow{Claim: c})
	}
	return t
}

// Row returns the row of claim id, or nil.
func (t *ClaimsTable) Row(id string) *ClaimRow {
	i := slices.IndexFunc(t.Rows, func(r ClaimRow) bool { return r.Claim.ID == id })
	if i < 0 {
		return nil
	}
	return &t.Rows[i]
}

// Start marks the rows of ids as being measured, keeping their last result until the new one
// comes. It returns the ids that were not already being measured, which are the ones to start.
func (t *ClaimsTable) Start(ids ...string) []string {
	var fresh []string
	for _, id := range ids {
		if r := t.Row(id); r != nil && r.State != ClaimMeasuring {
			r.State = ClaimMeasuring
			fresh = append(fresh, id)
		}
	}
	return fresh
}

// Apply records a result and reports whether it belonged to a row.
func (t *ClaimsTable) Apply(res claims.Result) bool {
	r := t.Row(res.ID)
	if r == nil {
		return false
	}
	r.Result = res
	r.State = ClaimMeasured
	if res.Error != "" {
		r.State = ClaimFailed
	}
	return true
}

// Busy reports whether any row is being measured.
func (t *ClaimsTable) Busy() bool {
	return slices.ContainsFunc(t.Rows, func(r ClaimRow) bool { return r.State == ClaimMeasuring })
}

// Summary counts the verdicts in a short line ("10 of 10: 4 hold, 3 nuanced, 3 wrong."), short
// enough to sit beside the tab's buttons on a projector without wrapping.
func (t *ClaimsTable) Summary() string {
	var measured, measuring, failed int
	count := map[claims.Verdict]int{}
	for _, r := range t.Rows {
		switch r.State {
		case ClaimMeasured:
			measured++
			count[r.Result.Verdict]++
		case ClaimMeasuring:
			measuring++
		case ClaimFailed:
			failed++
		}
	}
	switch {
	case measuring > 0:
		return fmt.Sprintf("%d of %d measured, %d running...", measured+failed, len(t.Rows), measuring)
	case measured+failed == 0:
		return fmt.Sprintf("%d claims, not measured yet.", len(t.Rows))
	}
	s := fmt.Sprintf("%d of %d: %d hold, %d nuanced, %d wrong", measured, len(t.Rows), count[claims.Holds], count[claims.Nuanced], count[claims.Wrong])
	if failed > 0 {
		s += fmt.Sprintf(", %d failed", failed)
	}
	return s + "."
}

// VerdictText is the row's verdict as the tab words it.
func (r ClaimRow) VerdictText() string {
	switch r.State {
	case ClaimMeasuring:
		return "measuring..."
	case ClaimFailed:
		return "not measured"
	case ClaimIdle:
		return "not measured yet"
	}
	switch r.Result.Verdict {
	case claims.Holds:
		return "holds"
	case claims.Nuanced:
		return "holds, with a nuance"
	case claims.Wrong:
		return "wrong or dated"
	}
	return string(r.Result.Verdict)
}

// VerdictTone is the colour of the verdict: the first colour when it holds, the second with a
// nuance, the warning colour when wrong or when the measurement failed.
func (r ClaimRow) VerdictTone() Tone {
	switch {
	case r.State == ClaimFailed, r.State == ClaimMeasured && r.Result.Verdict == claims.Wrong:
		return ToneWarning
	case r.State == ClaimMeasured && r.Result.Verdict == claims.Nuanced:
		return ToneSecond
	}
	return ToneFirst
}

// Why is the verdict's reason, the error of a failed measurement, or what the row waits for.
func (r ClaimRow) Why() string {
	switch r.State {
	case ClaimMeasured:
		return r.Result.Why
	case ClaimFailed:
		return "Could not measure: " + r.Result.Error
	case ClaimMeasuring:
		return "Running the " + r.Claim.Demo + " demo..."
	}
	return "Not measured yet."
}

// Evidence is the row's key figures in one short line, "" before any figures came.
func (r ClaimRow) Evidence() string {
	f := r.Result.Figures
	if len(f) == 0 {
		return ""
	}
	n := func(name string) string { return num(f, name) }
	switch r.Claim.ID {
	case "memory":
		return fmt.Sprintf("write seen by other tabs: threads %s/%s, processes %s/%s",
			n("threads_other_tabs_saw_write"), n("other_tabs"), n("processes_other_tabs_saw_write"), n("other_tabs"))
	case "context-switch":
		return fmt.Sprintf("one switch: threads %s ns, processes %s ns (x%s)", n("thread_switch_ns"), n("process_switch_ns"), n("ratio"))
	case "communication":
		return fmt.Sprintf("round trip: threads %s ns (memory), processes %s ns (pipe)", n("shm_roundtrip_ns"), n("pipe_roundtrip_ns"))
	case "crashes":
		return fmt.Sprintf("tabs lost to one fault: threads %s/%s, processes %s/%s",
			n("threads_tabs_lost"), n("tabs"), n("processes_tabs_lost"), n("tabs"))
	case "gil":
		return fmt.Sprintf("Python %s, %s workers: threads x%s, processes x%s", str(f, "python"), n("workers"), n("threads_speedup"), n("processes_speedup"))
	case "creation":
		p := "process_create_us"
		if _, ok := f["process_create_true_us"]; ok {
			p = "process_create_true_us"
		}
		return fmt.Sprintf("thread %s µs, process %s µs", n("thread_create_us"), n(p))
	case "io-vs-cpu":
		return fmt.Sprintf("I/O on threads x%s; CPU: threads x%s, processes x%s, Go threads x%s",
			n("io_speedup"), n("threads_speedup"), n("processes_speedup"), n("native_threads_speedup"))
	case "fork-copy":
		return fmt.Sprintf("child's own memory of %s: after fork %s, after writing %s", bytesOf(f, "data_bytes"),
			bytesOf(f, "child_private_after_fork_bytes"), bytesOf(f, "child_private_after_write_bytes"))
	case "sync-between-processes":
		return fmt.Sprintf("updates lost of %s: no lock %s, lock %s", n("expected"), n("lost"), n("lost_with_lock"))
	case "single-core":
		return fmt.Sprintf("units/s: 1 alone %s, %s on one core %s, spread %s (x%s)",
			n("alone_units_per_sec"), n("workers"), n("pinned_units_per_sec"), n("spread_units_per_sec"), n("speedup"))
	}
	return FiguresText(f)
}

// FiguresText lists figures as "name value" pairs in name order, for the full view of a row.
func FiguresText(f claims.Figures) string {
	names := make([]string, 0, len(f))
	for k := range f {
		names = append(names, k)
	}
	slices.Sort(names)
	parts := make([]string, len(names))
	for i, k := range names {
		v := num(f, k)
		if v == "" {
			v = fmt.Sprint(f[k])
		}
		parts[i] = k + " " + v
	}
	return strings.Join(parts, " · ")
}

// num writes a figure compactly: from 100 up as a whole number with separators, below that
// with at most two decimals; a text or a boolean as it is, an absent figure as "".
func num(f claims.Figures, name string) string {
	v, ok := f.Num(name)
	if !ok {
		if s, isStr := f[name].(string); isStr {
			return s
		}
		if b, isBool := f[name].(bool); isBool {
			return strconv.FormatBool(b)
		}
		return ""
	}
	if math.Abs(v) >= 100 {
		return FormatCount(v)
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

func str(f claims.Figures, name string) string {
	s, _ := f[name].(string)
	return s
}

func bytesOf(f claims.Figures, name string) string {
	v, ok := f.Num(name)
	if !ok || v < 0 {
		return "?"
	}
	return FormatBytes(uint64(v))
}
