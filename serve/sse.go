package serve

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/taskscope/taskscope/inspect"
)

// ErrBadStream is wrapped by every error about the content of an event stream.
var ErrBadStream = errors.New("serve: bad event stream")

// Event is one server-sent event as the Client reads it: its name ("host", "snapshot", "error")
// and its data.
type Event struct {
	Name string
	ID   string
	Data []byte
}

// eventReader reads server-sent events (the subset the agent writes, read as the standard says:
// field lines until a blank line; comments and unknown fields ignored; several data lines joined
// by newlines). A line longer than the largest snapshot is an error, not an allocation.
type eventReader struct {
	r *bufio.Reader
}

func newEventReader(r io.Reader) *eventReader {
	return &eventReader{r: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next event, io.EOF at a clean end of the stream.
func (er *eventReader) next() (Event, error) {
	var ev Event
	var data bytes.Buffer
	hasData, any := false, false
	for {
		line, err := er.readLine()
		if err != nil {
			if errors.Is(err, io.EOF) && any {
				return Event{}, fmt.Errorf("%w: stream ended inside an event", ErrBadStream)
			}
			return Event{}, err
		}
		if len(line) == 0 {
			if hasData {
				ev.Data = data.Bytes()
				return ev, nil
			}
			ev, any = Event{}, false // an event without data is dispatched as nothing
			continue
		}
		any = true
		if line[0] == ':' {
			continue
		}
		field, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimPrefix(value, []byte(" "))
		switch string(field) {
		case "event":
			ev.Name = string(value)
		case "id":
			ev.ID = string(value)
		case "data":
			if hasData {
				data.WriteByte('\n')
			}
			if data.Len()+len(value) > inspect.MaxSnapshotJSON {
				return Event{}, fmt.Errorf("%w: event longer than %d bytes", ErrBadStream, inspect.MaxSnapshotJSON)
			}
			data.Write(value)
			hasData = true
		}
	}
}

// readLine reads one line without its end (LF, CR LF or CR), refusing one longer than the
// largest snapshot.
func (er *eventReader) readLine() ([]byte, error) {
	var line []byte
	for {
		chunk, err := er.r.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > inspect.MaxSnapshotJSON+16 {
			return nil, fmt.Errorf("%w: line longer than %d bytes", ErrBadStream, inspect.MaxSnapshotJSON)
		}
		if err == nil {
			break
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if errors.Is(err, io.EOF) && len(line) > 0 {
			return nil, fmt.Errorf("%w: stream ended inside a line", ErrBadStream)
		}
		return nil, err
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r")), nil
}
