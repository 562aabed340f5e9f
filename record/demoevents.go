package record

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// kindDemoEvents holds the events the window's demo cards received while it recorded, so a
// replay shows each card as it was. Readers before it skip the kind, as they skip any kind they
// do not know: the format version stays 1.
const kindDemoEvents byte = 4

// DemoLaunch is the Kind of the event the window records when a card launches a run: a replay
// clears the card there, as the launch did.
const DemoLaunch = "launch"

// DemoEvent is one event a demo card of the window received: the card's name (as in --tab
// demos/NAME), which of its Launch buttons ran it (0 for a card with one), when, and the event
// as the demo wrote it (one JSON object of the demo protocol, or a DemoLaunch).
type DemoEvent struct {
	Card  string
	Slot  int
	At    time.Time
	Event map[string]any
}

// Kind returns the event's "event" field.
func (e DemoEvent) Kind() string { s, _ := e.Event["event"].(string); return s }

// AppendDemoEvent adds one demo event. Events are kept until the samples around them are
// written, and go into the file in a chunk of their own just before those samples.
func (w *Writer) AppendDemoEvent(e DemoEvent) error {
	if w.err != nil {
		return fmt.Errorf("record: %w: %w", ErrStopped, w.err)
	}
	if w.closed {
		return errors.New("record: append after close")
	}
	if _, err := json.Marshal(e.Event); err != nil {
		return fmt.Errorf("record: demo event of %s: %w", e.Card, err)
	}
	w.demoEvents = append(w.demoEvents, e)
	return nil
}

// flushDemoEvents writes the events kept so far as one chunk.
func (w *Writer) flushDemoEvents() error {
	if len(w.demoEvents) == 0 {
		return nil
	}
	evs := w.demoEvents
	w.demoEvents = nil
	e := enc{}
	e.uvarint(uint64(len(evs)))
	t0, t1 := unixNano(evs[0].At), unixNano(evs[0].At)
	for _, ev := range evs {
		at := unixNano(ev.At)
		t0, t1 = min(t0, at), max(t1, at)
		raw, _ := json.Marshal(ev.Event)
		e.str(ev.Card)
		e.uvarint(uint64(max(ev.Slot, 0)))
		e.varint(at)
		e.str(string(raw))
	}
	return w.writeChunk(kindDemoEvents, 0, uint32(len(evs)), t0, t1, e.b)
}

// decodeDemoEvents parses one demo-events payload. Every event must be a JSON object.
func decodeDemoEvents(raw []byte) ([]DemoEvent, error) {
	d := dec{b: raw}
	n := d.count(4)
	out := make([]DemoEvent, 0, n)
	for range n {
		ev := DemoEvent{Card: d.str(), Slot: int(d.uvarint() & 0xffff), At: fromUnixNano(d.varint())}
		body := d.str()
		if d.err != nil {
			break
		}
		if err := json.Unmarshal([]byte(body), &ev.Event); err != nil || ev.Event == nil {
			return nil, fmt.Errorf("%w: a demo event of %q is not a JSON object", errBadRecord, ev.Card)
		}
		out = append(out, ev)
	}
	if d.err != nil {
		return nil, fmt.Errorf("%w: %w", errBadRecord, d.err)
	}
	return out, nil
}

// DemoEvents returns every demo event of the recording in time order (the same card's events
// keep their order). Damaged chunks of them are skipped and named in Problems.
func (r *Reader) DemoEvents() ([]DemoEvent, error) {
	if r.demoEvents != nil {
		return r.demoEvents, nil
	}
	out := []DemoEvent{}
	for _, c := range r.demoChunks {
		raw, err := r.payload(c)
		if err == nil {
			var evs []DemoEvent
			if evs, err = decodeDemoEvents(raw); err == nil {
				out = append(out, evs...)
				continue
			}
		}
		if !errors.Is(err, errChecksum) && !errors.Is(err, errBadRecord) {
			return nil, fmt.Errorf("record: read demo events at byte %d: %w", c.offset, err)
		}
		r.problem("the demo events at byte %d are damaged (%v): skipped", c.offset, err)
	}
	slices.SortStableFunc(out, func(a, b DemoEvent) int { return a.At.Compare(b.At) })
	r.demoEvents = out
	return out, nil
}

// CardEvents is one card's demo events up to a moment.
type CardEvents struct {
	Card   string
	Events []DemoEvent
}

// DemosAt returns, card by card in the order each first appears, the demo events received up
// to d after the recording's first sample: what each card showed at that moment.
func (r *Reader) DemosAt(d time.Duration) ([]CardEvents, error) {
	evs, err := r.DemoEvents()
	if err != nil {
		return nil, err
	}
	until := fromUnixNano(r.chunks[0].header.t0).Add(d)
	var out []CardEvents
	at := map[string]int{}
	for _, e := range evs {
		if e.At.After(until) {
			break
		}
		i, ok := at[e.Card]
		if !ok {
			i = len(out)
			at[e.Card] = i
			out = append(out, CardEvents{Card: e.Card})
		}
		out[i].Events = append(out[i].Events, e)
	}
	return out, nil
}
