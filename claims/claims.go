// Package claims measures, on this machine, what lecture notes claim
// about threads and processes, and gives each claim a verdict decided from the figures measured.
//
// Every measurement runs one or more demos (package demos) as child processes through their
// JSON-lines protocol, with a time limit, and leaves nothing running. The same code serves
// `taskscope claims` on a terminal and the Claims tab of the window: All lists the claims (fixed
// texts), Measure measures one, MeasureAll measures them all and hands each result over as soon as
// it is known. Judge turns figures into a verdict and is a pure function, so recorded figures can
// be judged again and tested without running anything.
package claims

import (
	"fmt"

	"github.com/taskscope/taskscope/demos"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Verdict is what the figures say of a claim.
type Verdict string

// The three verdicts of a measured claim. A claim whose measurement failed has none; its Result
// carries an Error instead.
const (
	// Holds: the figures show what the claim says.
	Holds Verdict = "holds"
	// Nuanced: true only in part, only under a condition, or by much less than it suggests.
	Nuanced Verdict = "nuanced"
	// Wrong: the figures show the opposite, or the claim is out of date.
	Wrong Verdict = "wrong"
)

// Claim is one claim of the notes, as a row of the table shows it before anything is measured.
type Claim struct {
	// ID is the stable name of the claim: "gil", "fork-copy", ...
	ID string
	// Title is a short heading for the row: "Python's GIL".
	Title string
	// Short is the claim itself in a few words, as the notes state it ("Processes need no
	// locks"): beside a verdict it reads as what is judged, where the title would not.
	Short string
	// Text is the claim, in our own words.
	Text string
	// Source names the lecture note that makes the claim, by its topic.
	Source string
	// Demo names the demo whose card shows the claim live (`taskscope demo NAME`).
	Demo string
	// runs are the measurements the claim's figures come from.
	runs []string
	// figures builds the claim's figures from the runs' outcomes.
	figures func(outcomes) (Figures, error)
}

// Figures are a claim's measured values, flat: each a float64, an int, a string or a bool, under
// a name documented in the README.
type Figures map[string]any

// Num returns a numeric figure as a float64, and whether it is there and numeric.
func (f Figures) Num(name string) (float64, bool) {
	switch v := f[name].(type) {
	case float64:
		return v, true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	}
	return 0, false
}

// num returns a numeric figure, 0 when it is absent.
func (f Figures) num(name string) float64 {
	v, _ := f.Num(name)
	return v
}

// Result is one claim measured: figures and a verdict with its reason, or an error.
type Result struct {
	// ID is the claim's ID.
	ID string
	// Verdict is empty when Error is set.
	Verdict Verdict
	// Why explains the verdict with the figures, in a sentence or two.
	Why string
	// Figures holds what was measured; it may hold some figures even when Error is set.
	Figures Figures
	// Error says why the claim could not be measured ("python3 not found ...").
	Error string
	// Took is how long the measurement took, from its first demo's start to its verdict.
	Took time.Duration
	// Runs holds every event each of the claim's demo runs gave, by run key
	// ("browser-threads", "python", ...), in order: what a view needs to draw the run as the
	// demo's card does. It is not part of `taskscope claims --json`.
	Runs map[string][]demos.Event
}

// All returns the claims in the order the table shows them.
func All() []Claim { return slices.Clone(catalog) }

// Lookup returns the claim with the given ID.
func Lookup(id string) (Claim, bool) {
	for _, c := range catalog {
		if c.ID == id {
			return c, true
		}
	}
	return Claim{}, false
}

// IDs returns the IDs of all claims, in table order.
func IDs() []string {
	ids := make([]string, len(catalog))
	for i, c := range catalog {
		ids[i] = c.ID
	}
	return ids
}

// Judge decides the verdict of claim id from its figures and says why. It is a pure function of
// its arguments. An unknown id, or figures that lack what the verdict needs, give an error.
func Judge(id string, f Figures) (Verdict, string, error) {
	j, ok := judges[id]
	if !ok {
		return "", "", fmt.Errorf("no claim %q; the claims are %s", id, strings.Join(IDs(), ", "))
	}
	for _, name := range j.needs {
		if _, ok := f[name]; !ok {
			return "", "", fmt.Errorf("claim %s: figure %q missing", id, name)
		}
	}
	v, why := j.judge(f)
	return v, why, nil
}

// fmtNum writes a figure for a sentence: few digits, no exponent.
func fmtNum(v float64) string {
	switch a := math.Abs(v); {
	case a >= 10_000:
		return groupThousands(strconv.FormatFloat(math.Round(a), 'f', 0, 64), v < 0)
	case a >= 100:
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64)
	case a >= 10:
		return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
	default:
		return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	}
}

// groupThousands puts a comma between each group of three digits: 8,000,000.
func groupThousands(digits string, negative bool) string {
	var b strings.Builder
	if negative {
		b.WriteByte('-')
	}
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// fmtBytes writes a byte count in MiB (or KiB when small) for a sentence.
func fmtBytes(b float64) string {
	if math.Abs(b) < 1<<20 {
		return fmtNum(b/1024) + " KiB"
	}
	return fmtNum(b/(1<<20)) + " MiB"
}
