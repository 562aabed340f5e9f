package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/internal/cmdflag"
)

// ReplayMain implements `taskscope replay FILE --at D [--json]`: it prints the sample of the
// recording D after its first one (the nearest at or before), as `taskscope snapshot` prints a
// live one: a table, or the same JSON format with "demos" added: each demo card's events up to
// that moment. Problems with the file (cut short, damaged
// chunks) are reported on stderr. It returns 0, 1 for a file that cannot be read, 2 for bad usage.
func ReplayMain(args []string, stdout, stderr io.Writer) int {
	fs := cmdflag.New("taskscope replay", "taskscope replay FILE [--at D] [--json]", stderr)
	at := fs.Duration("at", 0, "the moment to print, `D` after the first sample (e.g. 90s, 1m30s)")
	asJSON := fs.Bool("json", false, "print the JSON format of `taskscope snapshot --json`, with the demo cards' events, instead of a table")
	file, code, ok := parseFile(fs, args)
	if !ok {
		return code
	}
	if *at < 0 {
		return cmdflag.Usagef(fs, "--at %v is negative", *at)
	}
	r, err := Open(file)
	if err != nil {
		fmt.Fprintln(stderr, "taskscope replay:", err)
		return 1
	}
	defer r.Close()
	snap, err := r.At(*at)
	problems := r.Problems()
	report(stderr, "taskscope replay: "+file, problems)
	if err != nil {
		fmt.Fprintln(stderr, "taskscope replay:", err)
		return 1
	}
	if *at > r.Duration() {
		fmt.Fprintf(stderr, "taskscope replay: --at %v is past the end of the recording (%v long): showing its last sample\n",
			*at, r.Duration().Round(time.Millisecond))
	}
	if *asJSON {
		var cards []CardEvents
		if cards, err = r.DemosAt(*at); err == nil {
			err = writeReplayJSON(stdout, snap, cards, r.Start())
		}
		report(stderr, "taskscope replay: "+file, r.Problems()[len(problems):])
	} else {
		err = inspect.WriteTable(stdout, snap)
	}
	if err != nil {
		fmt.Fprintln(stderr, "taskscope replay:", err)
		return 1
	}
	return 0
}

// replayDemo is one card of "demos" in `replay --json`: its events up to the moment shown, each
// with its time from the recording's start and the Launch button (slot) it came from.
type replayDemo struct {
	Card   string        `json:"card"`
	Events []replayEvent `json:"events"`
}

type replayEvent struct {
	AtMS  int64          `json:"at_ms"`
	Slot  int            `json:"slot"`
	Event map[string]any `json:"event"`
}

// writeReplayJSON writes the sample as `snapshot --json` does, with "demos" added as its last
// field, so the documented fields keep their order.
func writeReplayJSON(w io.Writer, snap *inspect.Snapshot, cards []CardEvents, start time.Time) error {
	var buf bytes.Buffer
	if err := inspect.WriteJSON(&buf, snap); err != nil {
		return err
	}
	body := bytes.TrimRight(buf.Bytes(), " \n")
	if len(body) < 2 || body[len(body)-1] != '}' {
		return errors.New("record: the snapshot JSON is not an object")
	}
	demos := make([]replayDemo, 0, len(cards))
	for _, c := range cards {
		d := replayDemo{Card: c.Card, Events: make([]replayEvent, 0, len(c.Events))}
		for _, e := range c.Events {
			d.Events = append(d.Events, replayEvent{AtMS: e.At.Sub(start).Milliseconds(), Slot: e.Slot, Event: e.Event})
		}
		demos = append(demos, d)
	}
	raw, err := json.Marshal(demos)
	if err != nil {
		return fmt.Errorf("record: demos: %w", err)
	}
	out := append(body[:len(body)-1:len(body)-1], `,"demos":`...)
	out = append(append(out, raw...), "}\n"...)
	_, err = w.Write(out)
	return err
}
