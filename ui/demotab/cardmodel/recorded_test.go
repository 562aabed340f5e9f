package cardmodel

import "testing"

// TestRecordedVerdict: a recording's card keeps what a verdict found and drops what it asks the
// user to do next, since nothing runs from a recording.
func TestRecordedVerdict(t *testing.T) {
	for _, c := range []struct{ live, want string }{
		{"Run it: the same CPU-bound workers alone, crowded onto one core, and spread over every core.", ""},
		{"Run both models to compare them.", ""},
		{"Press Measure: a Python parent fills its data, forks, and each child is measured.", ""},
		{"none lost 1,204 of 2,000,000 updates (0.06%). Run the other synchronisations with the same settings to compare, or press Run all three.",
			"none lost 1,204 of 2,000,000 updates (0.06%)."},
		{"none: 3 processes lost 52%; mutex: none lost. Run \"none\" to see the race.", "none: 3 processes lost 52%; mutex: none lost."},
		{"Live: 4 threads doing cpu work, 1.5x units a second in all. Watch the py-worker threads in the Processes and Cores tabs; press Stop to end.",
			"Live: 4 threads doing cpu work, 1.5x units a second in all. Watch the py-worker threads in the Processes and Cores tabs."},
		{"cpu: Processes did 1.9x the work of threads.\nio: Run the other models with the same work to compare.", "cpu: Processes did 1.9x the work of threads."},
		{"On one core 4 workers took turns: 0.25x one alone. On 2 cores: 2.0x that.", "On one core 4 workers took turns: 0.25x one alone. On 2 cores: 2.0x that."},
	} {
		if got := RecordedVerdict(c.live); got != c.want {
			t.Errorf("RecordedVerdict(%q)\n = %q\nwant %q", c.live, got, c.want)
		}
	}
}
