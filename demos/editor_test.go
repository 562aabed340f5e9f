package demos

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestEditorThreadsNamedAndFileRemoved(t *testing.T) {
	d := startHarness(t, "editor", "--model", "threads", "--rate", "100")
	ev := d.next(t, "result", 10*time.Second)
	names := harnessThreadNames(t, "self")
	for _, want := range []string{"input", "render", "spellcheck", "grammar", "autosave"} {
		if names[want] == 0 {
			t.Errorf("no thread %q among %v", want, names)
		}
	}
	editorResultOK(t, ev, "threads")
	save := d.next(t, "autosave", 10*time.Second)
	path := save.String("path")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("autosave file %q: %v", path, err)
	}
	t.Logf("%v", ev)
	if code := d.stop(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("autosave file %q still there after exit (%v)", path, err)
	}
}

func TestEditorSingleModelOneThread(t *testing.T) {
	d := startHarness(t, "editor", "--model", "single", "--rate", "100", "--seconds", "3")
	ev := d.next(t, "result", 10*time.Second)
	if names := harnessThreadNames(t, "self"); names["editor-loop"] != 1 {
		t.Errorf("want one thread \"editor-loop\" among %v", names)
	}
	editorResultOK(t, ev, "single")
	t.Logf("%v", ev)
	path := d.next(t, "autosave", 10*time.Second).String("path")
	if code := d.stop(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("autosave file %q still there after exit (%v)", path, err)
	}
}

// editorResultOK checks the fields of a result event; the figures themselves are timings.
func editorResultOK(t *testing.T, ev Event, model string) {
	t.Helper()
	if ev.String("model") != model {
		t.Errorf("model %q, want %q", ev.String("model"), model)
	}
	if keys, ok := ev.Int("keys"); !ok || keys < 1 {
		t.Errorf("keys = %v, want some", ev["keys"])
	}
	for _, k := range []string{"latency_p50_ms", "latency_p99_ms", "max_ms"} {
		if v, ok := ev.Float(k); !ok || v < 0 {
			t.Errorf("%s = %v", k, ev[k])
		}
	}
}

func TestEditorRejectsBadFlags(t *testing.T) {
	harnessRejects(t, [][]string{
		{"editor", "--model", "fibers"},
		{"editor", "--rate", "0"},
		{"editor", "--rate", "501"},
		{"editor", "--seconds", "-1"},
		{"editor", "--seconds", "3601"},
		{"editor", "now"},
	})
}

// TestEditorShowsWhatIsTyped: text a person types reaches the screen in both models, as a
// "typed" event with what is shown and how long it waited; bad typing is refused plainly.
func TestEditorShowsWhatIsTyped(t *testing.T) {
	for _, model := range []string{"threads", "single"} {
		d := startHarness(t, "editor", "--model", model, "--rate", "50")
		for _, k := range []string{"h", "i"} {
			fmt.Fprintf(d.in, `{"cmd":"type","text":%q}`+"\n", k)
		}
		var ev Event
		for ev.String("text") != "hi" {
			ev = d.next(t, "typed", 10*time.Second)
		}
		if ms, ok := ev.Float("latency_ms"); !ok || ms < 0 || ev.String("model") != model {
			t.Errorf("%s: typed event %v", model, ev)
		}
		fmt.Fprintln(d.in, `{"cmd":"type","text":""}`)
		if e := d.next(t, "error", 5*time.Second); !strings.Contains(e.String("message"), "type takes 1 to 64 bytes") {
			t.Errorf("%s: empty text: %v", model, e)
		}
		if code := d.stop(t); code != 0 {
			t.Errorf("%s: exit code %d", model, code)
		}
	}
}
