package model

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/taskscope/taskscope/demos"
)

// DescribeEvent writes an event as one short line: its kind, then its fields in a fixed order
// so that lines of the same kind line up and tests can compare them.
func DescribeEvent(e demos.Event) string {
	keys := make([]string, 0, len(e))
	for k := range e {
		if k != "event" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString(e.Kind())
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%s", k, fieldText(e[k]))
	}
	return b.String()
}

// fieldText writes one field compactly: whole numbers without a decimal point, lists inline.
func fieldText(v any) string {
	switch x := v.(type) {
	case float64:
		if x == float64(int64(x)) {
			return fmt.Sprintf("%d", int64(x))
		}
		return fmt.Sprintf("%g", x)
	case string:
		if strings.ContainsAny(x, " \n") {
			return fmt.Sprintf("%q", firstLine(x))
		}
		return x
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = fieldText(p)
		}
		return "[" + strings.Join(parts, " ") + "]"
	}
	return fmt.Sprint(v)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}

// LaunchError words a launcher refusal for the user: the demo's own usage message as it is,
// the budget with what to do about it.
func LaunchError(err error) string {
	var usage *demos.UsageError
	switch {
	case errors.As(err, &usage):
		return usage.Message
	case errors.Is(err, demos.ErrBudget):
		return "Not started: " + err.Error() + ". Stop a demo or choose fewer tabs or smaller pages."
	}
	return "Could not start: " + err.Error()
}

// DemoPIDs is the set of live processes of one demo run: the demo and, as its events name
// them, its children (a browser's tab processes). The Demos tab marks them in the table.
type DemoPIDs map[int]bool

// Track adds a child's PID from an event, or drops a tab process that has closed or crashed,
// and reports whether the set changed. The demo's own PID, main, is left alone.
func (s DemoPIDs) Track(e demos.Event, main int) bool {
	pid, ok := e.Int("pid")
	if !ok || pid <= 0 || pid == main || e.Kind() == "exited" {
		return false
	}
	gone := e.Kind() == "crashed" || e.String("state") == "closed" || e.String("state") == "crashed"
	if gone == !s[pid] {
		return false
	}
	if gone {
		delete(s, pid)
	} else {
		s[pid] = true
	}
	return true
}

// List is the set in PID order.
func (s DemoPIDs) List() []int { return slices.Sorted(maps.Keys(s)) }
