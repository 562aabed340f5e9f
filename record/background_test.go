package record

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStartRecordsDemoEvents: a background recording of the live proc tree keeps the demo
// events handed to it from another goroutine, in order, the last one sent just before Stop
// included; an event that is not JSON is left out with a note, and the recording goes on.
func TestStartRecordsDemoEvents(t *testing.T) {
	path := filepath.Join(t.TempDir(), "handout.tsrec")
	var log bytes.Buffer
	rec := Start(context.Background(), Session{ProcRoot: "/proc", Path: path, Log: &log, Name: "lesson",
		Options: Options{Interval: 100 * time.Millisecond}})
	sent := []DemoEvent{LaunchEvent("race", 0, time.Now(), "race", []string{"--sync", "none"}, 4242)}
	go rec.DemoEvent(sent[0]) // from another goroutine, as a demo's reader would
	time.Sleep(350 * time.Millisecond)
	rec.DemoEvent(DemoEvent{Card: "race", At: time.Now(), Event: map[string]any{"event": "bad", "f": func() {}}})
	for _, e := range []map[string]any{
		{"event": "result", "sync": "none", "expected": 4e7, "actual": 2.5e7, "lost": 1.5e7},
		{"event": "exited", "name": "race", "reason": "exited"},
	} {
		sent = append(sent, DemoEvent{Card: "race", At: time.Now(), Event: e})
		rec.DemoEvent(sent[len(sent)-1])
	}
	got, err := rec.Stop()
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := rec.Stop(); again != got {
		t.Error("a second Stop gives another summary")
	}
	if got.Samples < 2 {
		t.Fatalf("%d samples in 350 ms at 100 ms", got.Samples)
	}
	if !strings.Contains(log.String(), "lesson: record: demo event of race") {
		t.Errorf("the bad event is not noted: log %q", log.String())
	}
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	evs, err := r.DemoEvents()
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != len(sent) {
		t.Fatalf("%d events read back, %d sent: %+v", len(evs), len(sent), evs)
	}
	for i, e := range evs {
		if e.Card != "race" || e.Kind() != sent[i].Kind() || e.At.Sub(sent[i].At).Abs() > time.Millisecond {
			t.Errorf("event %d: %s %s at %v; sent %s at %v", i, e.Card, e.Kind(), e.At, sent[i].Kind(), sent[i].At)
		}
	}
	if pid, _ := evs[0].Event["pid"].(float64); pid != 4242 {
		t.Errorf("the launch event's pid reads back as %v", evs[0].Event["pid"])
	}
}

// TestStartFailsCleanly: a recording that cannot create its file says so from Stop, and
// handing it events afterwards does not block.
func TestStartFailsCleanly(t *testing.T) {
	rec := Start(context.Background(), Session{ProcRoot: "/proc", Path: "/nonexistent-dir/x.tsrec",
		Options: Options{Interval: 100 * time.Millisecond}})
	if _, err := rec.Stop(); err == nil {
		t.Fatal("no error for a file that cannot be created")
	}
	if _, err := Start(context.Background(), Session{ProcRoot: "/proc", Path: "x.tsrec"}).Stop(); err == nil || !strings.Contains(err.Error(), "interval") {
		t.Errorf("no interval: error %v", err)
	}
	done := make(chan struct{})
	go func() {
		for range demoEventBuffer + 10 {
			rec.DemoEvent(DemoEvent{Card: "race", At: time.Now(), Event: map[string]any{"event": "result"}})
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("DemoEvent blocks after the recording ended")
	}
}
