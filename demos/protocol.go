// Package demos holds the teaching workloads (real OS threads and real child processes) and the
// launcher that starts them as `taskscope demo NAME ...` children and talks to them in JSON lines.
// It knows nothing of the user interface.
package demos

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
)

// MaxLineBytes bounds one protocol line in either direction. A longer line is an error, not a
// reason to buffer without end.
const MaxLineBytes = 64 * 1024

// Command is one request to a running demo, one JSON object a line on its standard input.
type Command struct {
	Cmd   string `json:"cmd"`
	Tab   int    `json:"tab,omitempty"`
	Value *int64 `json:"value,omitempty"`
	// Text is what a person typed, for the editor's "type" command.
	Text string `json:"text,omitempty"`
}

// Event is one report from a demo, one JSON object a line on its standard output. The key
// "event" names its kind; every other key is a field of that kind (see README). A map keeps the
// protocol open: a demo may add fields, and a reader that does not know them passes them on.
type Event map[string]any

// Kind returns the event's kind: "tab", "read", "crashed", "result", "error", ...
func (e Event) Kind() string { return e.String("event") }

// String returns a text field, or "" when absent or not text.
func (e Event) String(key string) string {
	s, _ := e[key].(string)
	return s
}

// Float returns a numeric field and whether it was present and numeric.
func (e Event) Float(key string) (float64, bool) {
	switch v := e[key].(type) {
	case float64:
		return v, true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case uint64:
		return float64(v), true
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	}
	return 0, false
}

// Int returns a numeric field as an int, and whether it was present, numeric and whole.
func (e Event) Int(key string) (int, bool) {
	f, ok := e.Float(key)
	if !ok || f != math.Trunc(f) || math.Abs(f) > math.MaxInt32*1e9 {
		return 0, false
	}
	return int(f), true
}

// ErrLineTooLong reports a protocol line over MaxLineBytes.
var ErrLineTooLong = errors.New("protocol line longer than limit")

// ErrNotAnObject reports a line that is valid JSON but not an object with the required key.
var ErrNotAnObject = errors.New("not a protocol object")

// DecodeCommand parses one command line. Unknown keys are ignored; a missing "cmd" is an error.
func DecodeCommand(line []byte) (Command, error) {
	var c Command
	if len(line) > MaxLineBytes {
		return c, ErrLineTooLong
	}
	if err := json.Unmarshal(bytes.TrimSpace(line), &c); err != nil {
		return c, fmt.Errorf("bad command %q: %w", truncate(line, 80), err)
	}
	if c.Cmd == "" {
		return c, fmt.Errorf("command without \"cmd\": %w", ErrNotAnObject)
	}
	return c, nil
}

// DecodeEvent parses one event line. A line that is not a JSON object with a text "event" key
// is an error; numbers are kept as float64.
func DecodeEvent(line []byte) (Event, error) {
	if len(line) > MaxLineBytes {
		return nil, ErrLineTooLong
	}
	var e Event
	if err := json.Unmarshal(bytes.TrimSpace(line), &e); err != nil {
		return nil, fmt.Errorf("bad event %q: %w", truncate(line, 80), err)
	}
	if e == nil || e.Kind() == "" {
		return nil, fmt.Errorf("event without \"event\": %w", ErrNotAnObject)
	}
	return e, nil
}

// LineReader reads protocol lines of at most MaxLineBytes. A longer line is reported once with
// ErrLineTooLong as soon as it passes the limit, and the next call skips it to its end, so one
// bad line loses nothing that follows, and a line that never ends is reported all the same.
type LineReader struct {
	r *bufio.Reader
	// skipping is set when a line was reported too long before its end was read.
	skipping bool
}

// NewLineReader wraps r.
func NewLineReader(r io.Reader) *LineReader {
	return &LineReader{r: bufio.NewReaderSize(r, MaxLineBytes+1)}
}

// Next returns the next line without its newline. It returns io.EOF at the end of input.
func (l *LineReader) Next() ([]byte, error) {
	if l.skipping {
		l.skipping = false
		if err := l.skipLine(); err != nil {
			return nil, err
		}
	}
	line, err := l.r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		// Say so now rather than at the line's end: a demo writing without a newline would
		// otherwise be read and discarded for ever with nothing reported.
		l.skipping = true
		return nil, ErrLineTooLong
	}
	if err != nil && !(errors.Is(err, io.EOF) && len(line) > 0) {
		return nil, err
	}
	return bytes.TrimRight(line, "\r\n"), nil
}

// skipLine discards input up to and including the next newline.
func (l *LineReader) skipLine() error {
	for {
		_, err := l.r.ReadSlice('\n')
		if !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}

// forEachLine reads protocol lines from r to its end (or its first read error), decodes each
// with decode and hands the result to use. What does not decode goes to bad, which may be nil:
// a line over MaxLineBytes as a nil line with ErrLineTooLong, any other as the line and the
// decoder's error. Blank lines are skipped. Every reader of the protocol, of commands and of
// events, in parents and in children, goes through here, so all treat bad input alike.
func forEachLine[T any](r io.Reader, decode func([]byte) (T, error), use func(T), bad func(line []byte, err error)) {
	lines := NewLineReader(r)
	for {
		line, err := lines.Next()
		if errors.Is(err, ErrLineTooLong) {
			if bad != nil {
				bad(nil, err)
			}
			continue
		}
		if err != nil {
			return
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		v, err := decode(line)
		if err != nil {
			if bad != nil {
				bad(line, err)
			}
			continue
		}
		use(v)
	}
}

// forEachEvent is forEachLine for event lines (a demo's output, a child's output).
func forEachEvent(r io.Reader, use func(Event), bad func(line []byte, err error)) {
	forEachLine(r, DecodeEvent, use, bad)
}
