package claims

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Report is what `taskscope claims --json` prints: the machine, and every claim measured, in
// table order. Its JSON form is documented in the README and stable.
type Report struct {
	Machine Machine       `json:"machine"`
	Claims  []ReportClaim `json:"claims"`
}

// ReportClaim is one claim with its outcome, as the JSON form has it. Verdict and Why are left
// out when Error is set, and the other way round.
type ReportClaim struct {
	ID      string  `json:"id"`
	Claim   string  `json:"claim"`
	Source  string  `json:"source"`
	Demo    string  `json:"demo"`
	Verdict Verdict `json:"verdict,omitempty"`
	Why     string  `json:"why,omitempty"`
	Error   string  `json:"error,omitempty"`
	Figures Figures `json:"figures"`
	Seconds float64 `json:"seconds"`
}

// NewReport puts results in table order beside their claims' texts. Claims with no result are
// left out; results of unknown claims too.
func NewReport(m Machine, results []Result) Report {
	rep := Report{Machine: m, Claims: []ReportClaim{}}
	for _, c := range catalog {
		i := slices.IndexFunc(results, func(r Result) bool { return r.ID == c.ID })
		if i < 0 {
			continue
		}
		r := results[i]
		figs := r.Figures
		if figs == nil {
			figs = Figures{}
		}
		rep.Claims = append(rep.Claims, ReportClaim{ID: c.ID, Claim: c.Text, Source: c.Source, Demo: c.Demo,
			Verdict: r.Verdict, Why: r.Why, Error: r.Error, Figures: figs,
			Seconds: math.Round(r.Took.Seconds()*10) / 10})
	}
	return rep
}

// Failed reports how many claims could not be measured.
func (r Report) Failed() int {
	n := 0
	for _, c := range r.Claims {
		if c.Error != "" {
			n++
		}
	}
	return n
}

// WriteJSON writes the report as one JSON object and a newline.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// WriteText writes the report for a person: a line about the machine, a summary table, then each
// claim with its source, reason and figures.
func (r Report) WriteText(w io.Writer) error {
	var b strings.Builder
	py := r.Machine.Python
	if py == "" {
		py = "none"
	}
	fmt.Fprintf(&b, "Machine: %d cores, kernel %s, Python %s, load average %s\n\n",
		r.Machine.Cores, r.Machine.Kernel, py, strconv.FormatFloat(r.Machine.LoadAverage, 'f', 2, 64))
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CLAIM\tVERDICT\tSECONDS\tDEMO")
	for _, c := range r.Claims {
		v := string(c.Verdict)
		if c.Error != "" {
			v = "not measured"
		}
		fmt.Fprintf(tw, "%s\t%s\t%.1f\t%s\n", c.ID, v, c.Seconds, c.Demo)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, c := range r.Claims {
		fmt.Fprintf(&b, "\n%s (%s)\n  claim:   %s\n", c.ID, c.Source, c.Claim)
		if c.Error != "" {
			fmt.Fprintf(&b, "  error:   %s\n", c.Error)
		} else {
			fmt.Fprintf(&b, "  verdict: %s. %s\n", c.Verdict, c.Why)
		}
		if len(c.Figures) > 0 {
			fmt.Fprintf(&b, "  figures: %s\n", formatFigures(c.Figures))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// formatFigures writes figures as name=value pairs, sorted by name.
func formatFigures(f Figures) string {
	names := make([]string, 0, len(f))
	for n := range f {
		names = append(names, n)
	}
	slices.Sort(names)
	parts := make([]string, len(names))
	for i, n := range names {
		v := f[n]
		if x, ok := v.(float64); ok {
			v = strconv.FormatFloat(x, 'f', -1, 64)
		}
		parts[i] = fmt.Sprintf("%s=%v", n, v)
	}
	return strings.Join(parts, " ")
}
