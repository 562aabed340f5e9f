package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/taskscope/taskscope/record"
)

// TestLessonHandoutRecord runs `lesson --handout --quick --record` on a lesson of two quick
// claim steps, about ten seconds of live demos, and reads the recording back: samples from
// before the first run to after the last, each run on its card (launch first, its result,
// exited last), and `replay --at END --json` listing the cards with those events.
func TestLessonHandoutRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("runs live demos; make test runs it")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "quick.toml")
	os.WriteFile(file, []byte(`title = "Quick"
[[step]]
claim = "sync-between-processes"
question = "Do processes need locks?"
answers = ["yes", "no"]
[[step]]
claim = "context-switch"
question = "Which switch is faster?"
answers = ["threads", "processes"]
`), 0o644)
	page, rec := filepath.Join(dir, "out.html"), filepath.Join(dir, "run.tsrec")
	began := time.Now()
	var out, errb bytes.Buffer
	code := runLesson([]string{"--handout", page, "--quick", "--record", rec, file}, &out, &errb)
	ended := time.Now()
	if code != 0 {
		t.Fatalf("code %d: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "recorded "+rec+": ") {
		t.Errorf("no summary of the recording: %s", errb.String())
	}

	r, err := record.Open(rec)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if p := r.Problems(); len(p) > 0 || !r.Indexed() {
		t.Errorf("problems %v, indexed %v", p, r.Indexed())
	}
	evs, err := r.DemoEvents()
	if err != nil || len(evs) == 0 {
		t.Fatalf("demo events: %v, %d", err, len(evs))
	}
	first, last := evs[0].At, evs[len(evs)-1].At
	start, end := r.Start(), r.Start().Add(r.Duration())
	if start.After(first) || end.Before(last) || start.Before(began) || end.After(ended) {
		t.Errorf("samples %v to %v do not cover the demo events %v to %v within the run %v to %v",
			start.Format(time.StampMilli), end.Format(time.StampMilli), first.Format(time.StampMilli),
			last.Format(time.StampMilli), began.Format(time.StampMilli), ended.Format(time.StampMilli))
	}
	// One sample a second over the recording, and at least the two that bracket the run (the
	// run itself takes two to three seconds, so it holds two or three samples by timing alone).
	if n := r.Samples(); n < int(r.Duration()/time.Second) || n < 2 {
		t.Errorf("%d samples over %v at 1 s", n, r.Duration())
	}

	// Each card's runs: as many launches as exits, a launch first and an exit last, and the
	// results the figures came from (three procrace runs: none, lock, atomic).
	type runs struct{ launches, results, exits int }
	want := map[string]runs{"procrace": {3, 3, 3}, "ctxswitch": {1, 1, 1}}
	got := map[string]runs{}
	kinds := map[string][]string{}
	for _, e := range evs {
		c := got[e.Card]
		switch e.Kind() {
		case record.DemoLaunch:
			c.launches++
			if pid, _ := e.Event["pid"].(float64); pid <= 0 || e.Event["demo"] != e.Card {
				t.Errorf("launch of %s: %v", e.Card, e.Event)
			}
		case "result":
			c.results++
		case "exited":
			c.exits++
		}
		if e.Slot != 0 {
			t.Errorf("%s event %s on slot %d; these cards have one Launch", e.Card, e.Kind(), e.Slot)
		}
		got[e.Card] = c
		kinds[e.Card] = append(kinds[e.Card], e.Kind())
	}
	for card, w := range want {
		if got[card] != w {
			t.Errorf("%s: %+v, want %+v", card, got[card], w)
		}
		if k := kinds[card]; len(k) == 0 || k[0] != record.DemoLaunch || k[len(k)-1] != "exited" {
			t.Errorf("%s: events %v; want a launch first and exited last", card, k)
		}
	}
	if len(got) != len(want) {
		t.Errorf("cards %v, want %v", got, want)
	}

	// The replay of the last moment lists both cards with all their events.
	var js, jerr bytes.Buffer
	at := (r.Duration() + time.Second).String()
	if code := record.ReplayMain([]string{rec, "--at", at, "--json"}, &js, &jerr); code != 0 {
		t.Fatalf("replay: %d %s", code, jerr.String())
	}
	var replay struct {
		Demos []struct {
			Card   string
			Events []struct {
				AtMS  int64 `json:"at_ms"`
				Event map[string]any
			}
		}
	}
	if err := json.Unmarshal(js.Bytes(), &replay); err != nil {
		t.Fatal(err)
	}
	listed := map[string]int{}
	for _, d := range replay.Demos {
		listed[d.Card] = len(d.Events)
		if n := len(d.Events); n == 0 || d.Events[n-1].Event["event"] != "exited" || d.Events[0].AtMS < 0 {
			t.Errorf("replay lists %s with %d events: %+v", d.Card, n, d.Events)
		}
	}
	if listed["procrace"] != len(kinds["procrace"]) || listed["ctxswitch"] != len(kinds["ctxswitch"]) {
		t.Errorf("replay --at %s lists %v; the file holds procrace %d, ctxswitch %d", at, listed,
			len(kinds["procrace"]), len(kinds["ctxswitch"]))
	}
	t.Logf("%d samples over %v, %d demo events; the run took %v", r.Samples(), r.Duration(), len(evs), ended.Sub(began))
}
