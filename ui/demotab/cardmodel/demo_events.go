package cardmodel

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
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

// EventLine is what a demo's log shows of an event: the part that matters to a class (values,
// states, reasons), not every field. Periodic reports (memory, the editor's and crunch's
// figures each second, autosaves) are marked periodic: the log keeps only the newest of them,
// apart from its history, so they never push writes and crashes out of view.
func EventLine(e demos.Event) (line string, periodic bool) {
	i := func(k string) string {
		if v, ok := e.Int(k); ok {
			return fmt.Sprint(v)
		}
		return "?"
	}
	s := e.String
	switch e.Kind() {
	case "ready":
		return fmt.Sprintf("ready: %s, pid %s", firstNonEmpty(s("model"), s("demo")), i("pid")), false
	case "tab":
		line := fmt.Sprintf("tab %s %s (pid %s)", i("tab"), s("state"), i("pid"))
		if r := s("reason"); r != "" {
			line += ": " + r
		}
		return line, false
	case "read":
		return fmt.Sprintf("tab %s reads %s at %s", i("tab"), i("value"), s("address")), false
	case "fault":
		return fmt.Sprintf("tab %s: %s", i("tab"), strings.TrimPrefix(s("message"), "tab ")), false
	case "crashed":
		return fmt.Sprintf("tab %s crashed: %s", i("tab"), s("reason")), false
	case "memory":
		rss, _ := e.Float("total_rss_bytes")
		return fmt.Sprintf("memory: %s resident in all", model.FormatBytes(uint64(rss))), true
	case "thread":
		return fmt.Sprintf("thread %s is TID %s", s("name"), i("tid")), false
	case "worker":
		return fmt.Sprintf("worker %s: pid %s, tid %s", i("worker"), i("pid"), i("tid")), false
	case "typed":
		return fmt.Sprintf("drew what was typed after %s ms: %s", fieldText(e["latency_ms"]), s("text")), true
	case "autosave":
		return fmt.Sprintf("autosave: %s bytes", i("bytes")), true
	case "result":
		return resultLine(e)
	case "error":
		return "error: " + firstLine(s("message")), false
	case "exited":
		line := "ended: " + s("reason")
		if t := s("stderr"); t != "" {
			line += " (" + firstLine(t) + ")"
		}
		return line, false
	}
	return DescribeEvent(e), false
}

// resultLine words a demo's result: the race's and cost's come once, the editor's and
// crunch's every second.
func resultLine(e demos.Event) (string, bool) {
	f := func(k string) float64 { v, _ := e.Float(k); return v }
	switch {
	case e.String("sync") != "":
		return fmt.Sprintf("%s: %s of %s, %s lost, %.3f s", e.String("sync"), model.FormatCount(f("actual")),
			model.FormatCount(f("expected")), model.FormatCount(f("lost")), f("seconds")), false
	case e.String("kind") != "":
		return fmt.Sprintf("%s %s: %.0f units/s", e.String("model"), e.String("kind"), f("units_per_sec")), true
	case e["latency_p99_ms"] != nil:
		return fmt.Sprintf("%s: p50 %.2f ms, p99 %.2f ms, %d keys", e.String("model"), f("latency_p50_ms"),
			f("latency_p99_ms"), int(f("keys"))), true
	case e["thread_create_us"] != nil:
		return fmt.Sprintf("measured: thread %s µs, process %s µs, shm %s ns, pipe %s ns",
			fieldText(f("thread_create_us")), fieldText(f("process_create_us")),
			fieldText(f("shm_roundtrip_ns")), fieldText(f("pipe_roundtrip_ns"))), false
	}
	return DescribeEvent(e), false
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
