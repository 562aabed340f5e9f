package ui

import "testing"

func TestRaceVerdict(t *testing.T) {
	figs := map[string]raceFigure{
		"none":   {expected: 4e6, actual: 1.7e6, lost: 2.3e6, seconds: 0.05},
		"mutex":  {expected: 4e6, actual: 4e6, seconds: 0.5},
		"atomic": {expected: 4e6, actual: 4e6, seconds: 0.1},
	}
	wantContains(t, "verdict", raceVerdict(figs), "2,300,000 of 4,000,000 additions were lost (57.5 %)",
		"With a mutex: 0 lost, 10x the time", "With an atomic add: 0 lost, 2.0x the time")
	// A racy run that lost nothing is called luck, with what to try next.
	lucky := map[string]raceFigure{"none": {expected: 4e6, actual: 4e6, seconds: 0.016}}
	wantContains(t, "lucky verdict", raceVerdict(lucky), "nothing was lost this time", "luck, not safety",
		"Run the other synchronisations")
}

func TestCrunchVerdict(t *testing.T) {
	cpu := map[string]crunchFigure{"threads": {units: 2000}, "processes": {units: 1900}, "locked-threads": {units: 1000}}
	wantContains(t, "cpu verdict", crunchVerdict("cpu", cpu), "Processes did 0.9x the work of threads",
		"Locked threads did 0.5x the work of free threads", "GIL")
	io := map[string]crunchFigure{"threads": {units: 200}, "locked-threads": {units: 199}}
	wantContains(t, "io verdict", crunchVerdict("io", io), "1.0x", "waits still overlap", "Run the other models")
	wantContains(t, "no threads yet", crunchVerdict("cpu", nil), "Launch threads first")
}
