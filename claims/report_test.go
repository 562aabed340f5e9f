package claims

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

// recorded are results as a measurement on a two-core machine gave them.
var recorded = []Result{
	{ID: "fork-copy", Verdict: Wrong, Why: "A parent held 64 MiB; ...", Took: 2100 * time.Millisecond,
		Figures: Figures{"data_bytes": int64(67108864), "child_private_after_fork_bytes": int64(950272), "child_private_after_write_bytes": int64(68153344)}},
	{ID: "gil", Error: "python3 not found: install it with `sudo apt-get install python3`", Took: 10 * time.Millisecond},
	{ID: "memory", Verdict: Holds, Why: "A value one tab wrote ...", Took: 1400 * time.Millisecond,
		Figures: Figures{"threads_other_tabs_saw_write": int64(2), "processes_same_address": true}},
}

func TestReportJSONHasTheDocumentedShape(t *testing.T) {
	rep := NewReport(Machine{Cores: 2, Kernel: "6.1.0", Python: "3.11.2", LoadAverage: 0.5}, recorded)
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "\n"); n != 1 {
		t.Errorf("JSON output has %d lines, want one object on one line", n)
	}
	var got struct {
		Machine map[string]any   `json:"machine"`
		Claims  []map[string]any `json:"claims"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("%v in %s", err, buf.String())
	}
	for _, k := range []string{"cores", "kernel", "python"} {
		if _, ok := got.Machine[k]; !ok {
			t.Errorf("machine has no %q: %v", k, got.Machine)
		}
	}
	var ids []string
	for _, c := range got.Claims {
		ids = append(ids, c["id"].(string))
		for _, k := range []string{"id", "claim", "source", "figures"} {
			if _, ok := c[k]; !ok {
				t.Errorf("claim %v has no %q", c["id"], k)
			}
		}
		_, hasVerdict := c["verdict"]
		_, hasError := c["error"]
		if hasVerdict == hasError {
			t.Errorf("claim %v: verdict %v, error %v: want exactly one", c["id"], c["verdict"], c["error"])
		}
		if hasVerdict && c["why"] == "" {
			t.Errorf("claim %v has a verdict and no why", c["id"])
		}
	}
	// Table order, not the order the results came in.
	if !slices.Equal(ids, []string{"memory", "gil", "fork-copy"}) {
		t.Errorf("claims in order %v", ids)
	}
	if got.Claims[2]["figures"].(map[string]any)["child_private_after_fork_bytes"] != 950272.0 {
		t.Errorf("fork-copy figures %v", got.Claims[2]["figures"])
	}
	if rep.Failed() != 1 {
		t.Errorf("Failed() = %d, want 1", rep.Failed())
	}
}

func TestReportTextNamesEveryClaimAndItsSource(t *testing.T) {
	rep := NewReport(Machine{Cores: 2, Kernel: "6.1.0"}, recorded)
	var buf bytes.Buffer
	if err := rep.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"Python none", "memory", "holds", "not measured", "python3 not found",
		note003, "child_private_after_fork_bytes=950272", "processes_same_address=true"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}
