package serve

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
)

// FuzzHandler sends arbitrary raw HTTP requests to the agent's handler. Whatever parses as a
// request must get an answer below 500 that is not a panic: malformed query strings, unknown
// paths, wrong methods, bad bodies and bad tokens are the client's fault (4xx).
func FuzzHandler(f *testing.F) {
	for _, seed := range []string{
		"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer tok\r\n\r\n",
		"GET /api/v1/snapshot?filter=ts- HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer tok\r\n\r\n",
		"GET /api/v1/snapshot?filter=%zz&x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer tok\r\n\r\n",
		"GET /api/v1/stream?;; HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer tok\r\n\r\n",
		"GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer tok\r\n\r\n",
		"POST /api/v1/signal HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok\r\nContent-Length: 42\r\n\r\n{\"pid\":999999999,\"start_ticks\":1,\"signal\":\"CONT\"}",
		"POST /api/v1/signal HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok\r\nContent-Length: 5\r\n\r\n{\"pid",
		"DELETE /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok\r\n\r\n",
		"GET /api/v1/host?filter=1 HTTP/1.0\r\nAuthorization: Bearer bad\r\n\r\n",
		"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok\r\n\r\n",
	} {
		f.Add([]byte(seed))
	}
	// One agent for every run: a token, signals on, and a long interval so that requests reuse
	// one snapshot.
	s, err := New(Config{Token: "tok", AllowSignals: true, Interval: time.Minute})
	if err != nil {
		f.Fatal(err)
	}
	// The PIDs a fuzzer guesses may be real processes: nothing is sent from here.
	s.signal = func(inspect.TaskKey, unix.Signal) error { return inspect.ErrGone }
	if _, err := s.src.snapshot(time.Minute); err != nil {
		f.Fatal(err)
	}
	h := s.Handler()
	f.Fuzz(func(t *testing.T, raw []byte) {
		req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
		if err != nil {
			return // the server answers 400 itself before any handler runs
		}
		// A stream would go on for ever: it gets a moment, as a client that leaves. Other
		// requests get all the time they need, so a 503 cannot come from the fuzzer's impatience.
		wait := 30 * time.Second
		if strings.Contains(req.URL.Path, "stream") {
			wait = 50 * time.Millisecond
		}
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		req = req.WithContext(ctx)
		if req.Body == nil {
			req.Body = http.NoBody
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("%q -> %d %s", raw, w.Code, w.Body.String())
		}
	})
}

// FuzzEventReader feeds the Client's event reader arbitrary streams: it must end with an
// event, io.EOF or an error, never a panic or a loop.
func FuzzEventReader(f *testing.F) {
	f.Add([]byte("retry: 2000\nevent: host\ndata: {}\n\nevent: snapshot\nid: 1\ndata: {\"a\":1}\n\n"))
	f.Add([]byte(": comment\r\ndata: a\r\ndata: b\r\n\r\n"))
	f.Add([]byte("data: unterminated"))
	f.Fuzz(func(t *testing.T, b []byte) {
		er := newEventReader(bytes.NewReader(b))
		for i := 0; ; i++ {
			ev, err := er.next()
			if err != nil {
				if !errors.Is(err, io.EOF) && !errors.Is(err, ErrBadStream) {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if len(ev.Data) > len(b) || i > len(b) {
				t.Fatalf("event %d of %d bytes from %d bytes of input", i, len(ev.Data), len(b))
			}
		}
	})
}
