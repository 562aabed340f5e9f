package demos

import (
	"errors"
	"strings"
	"testing"
)

// TestForEachEvent: events come through in order, blank lines are skipped, and a bad or
// overlong line is reported once without losing the lines after it.
func TestForEachEvent(t *testing.T) {
	long := `{"event":"x","pad":"` + strings.Repeat("a", MaxLineBytes) + `"}`
	in := strings.Join([]string{
		`{"event":"tab","tab":1}`,
		``,
		`not json`,
		long,
		`{"no_event":1}`,
		`{"event":"result","n":2}`,
	}, "\n") + "\n"
	var kinds []string
	var bad []string
	forEachEvent(strings.NewReader(in), func(e Event) { kinds = append(kinds, e.Kind()) }, func(line []byte, err error) {
		switch {
		case errors.Is(err, ErrLineTooLong):
			if line != nil {
				t.Errorf("overlong line handed over (%d bytes)", len(line))
			}
			bad = append(bad, "long")
		case errors.Is(err, ErrNotAnObject):
			bad = append(bad, "not-object:"+string(line))
		default:
			bad = append(bad, "bad:"+string(line))
		}
	})
	if got := strings.Join(kinds, ","); got != "tab,result" {
		t.Errorf("events %q, want tab,result", got)
	}
	if got := strings.Join(bad, "|"); got != `bad:not json|long|not-object:{"no_event":1}` {
		t.Errorf("bad lines %q", got)
	}
	// No handler for bad lines: they are skipped quietly.
	n := 0
	forEachEvent(strings.NewReader(in), func(Event) { n++ }, nil)
	if n != 2 {
		t.Errorf("with bad == nil: %d events, want 2", n)
	}
}

// TestForEachLineCommands: the same reader decodes commands for a demo's session.
func TestForEachLineCommands(t *testing.T) {
	var cmds []string
	forEachLine(strings.NewReader("{\"cmd\":\"add\"}\n\n{\"cmd\":\"quit\"}"), DecodeCommand, func(c Command) { cmds = append(cmds, c.Cmd) }, nil)
	if got := strings.Join(cmds, ","); got != "add,quit" {
		t.Errorf("commands %q, want add,quit (the last without a newline)", got)
	}
}
