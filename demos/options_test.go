package demos

import (
	"errors"
	"strings"
	"testing"
)

func TestOrList(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"threads", "single"}, "threads or single"},
		{[]string{"threads", "processes", "locked-threads"}, "threads, processes or locked-threads"},
	} {
		if got := orList(c.in); got != c.want {
			t.Errorf("orList(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestDeclaredOptionsAreAccepted: every choice the window offers is one the demo takes, and
// anything else is refused with a message that lists the choices.
func TestDeclaredOptionsAreAccepted(t *testing.T) {
	check := func(name string, parse func([]string) error, flag string, choices []string, want string) {
		t.Helper()
		for _, v := range choices {
			if err := parse([]string{"--" + flag, v}); err != nil {
				t.Errorf("%s --%s %s: %v", name, flag, v, err)
			}
		}
		err := parse([]string{"--" + flag, "bogus"})
		var u *UsageError
		if !errors.As(err, &u) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s --%s bogus: %v, want a usage error saying %q", name, flag, err, want)
		}
	}
	check("crunch", func(a []string) error { _, err := parseCrunch(a); return err }, "model", CrunchModels, "model must be threads, processes or locked-threads")
	check("crunch", func(a []string) error { _, err := parseCrunch(a); return err }, "kind", CrunchKinds, "kind must be cpu or io")
	check("race", func(a []string) error { _, err := parseRace(a); return err }, "sync", RaceSyncs, "sync must be none, mutex or atomic")
	check("procrace", func(a []string) error { _, err := parseProcRace(a); return err }, "sync", ProcRaceSyncs, "sync must be none, lock or atomic")
	check("editor", func(a []string) error { _, err := parseEditor(a); return err }, "model", EditorModels, "model must be threads or single")
	if _, err := parseCrunch([]string{"--workers", "17"}); err == nil {
		t.Errorf("crunch --workers %d accepted", CrunchMaxWorkers+1)
	}
}
