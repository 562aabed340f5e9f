package serve

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/testenv"
)

// TestReliability has 100 clients each stream and scrape one agent process at once, plus one
// client that stops reading. Every request must succeed, every stream keep delivering, the slow
// client be dropped, and the agent's RSS stay flat. It runs 4 s normally and 60 s with
// TASKSCOPE_SOAK or TASKSCOPE_BENCH set.
func TestReliability(t *testing.T) {
	testenv.SkipUnderRace(t, "the agent's RSS over time")
	run := 4 * time.Second
	if os.Getenv("TASKSCOPE_SOAK") != "" || os.Getenv("TASKSCOPE_BENCH") != "" {
		run = 60 * time.Second
	}
	const clients = 100
	a := startAgentProc(t, "--interval", "200ms", "--threads-for", "taskscope", "--write-timeout", "2s")
	tr := &http.Transport{MaxIdleConnsPerHost: 2 * clients}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}

	// The client that stops reading: it asks for the stream and then never reads. Its small
	// receive buffer and the agent's send buffer fill within seconds at this rate; then the
	// agent's write deadline (2 s) cuts it off.
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
	}}
	slow, err := d.Dial("tcp", a.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	fmt.Fprintf(slow, "GET /api/v1/stream HTTP/1.1\r\nHost: %s\r\n\r\n", a.Addr)

	ctx, cancel := context.WithTimeout(context.Background(), run)
	defer cancel()
	var requests, events, failures atomic.Int64
	var firstErr atomic.Value
	fail := func(err error) {
		failures.Add(1)
		firstErr.CompareAndSwap(nil, err.Error())
	}
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(2)
		go func() { // the stream
			defer wg.Done()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, a.URL+"/api/v1/stream", nil)
			resp, err := hc.Do(req)
			if err != nil {
				if ctx.Err() == nil {
					fail(err)
				}
				return
			}
			defer resp.Body.Close()
			if resp.StatusCode != 200 {
				fail(fmt.Errorf("stream %d: %s", i, resp.Status))
				return
			}
			er := newEventReader(resp.Body)
			for {
				ev, err := er.next()
				if err != nil {
					if ctx.Err() == nil {
						fail(fmt.Errorf("stream %d: %w", i, err))
					}
					return
				}
				if ev.Name == "snapshot" {
					events.Add(1)
				}
			}
		}()
		go func() { // scrapes and snapshots, one after the other
			defer wg.Done()
			paths := []string{"/metrics", "/api/v1/snapshot", "/api/v1/snapshot?filter=taskscope"}
			for n := 0; ctx.Err() == nil; n++ {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, a.URL+paths[n%len(paths)], nil)
				resp, err := hc.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						fail(err)
					}
					return
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || (err != nil && ctx.Err() == nil) {
					fail(fmt.Errorf("%s: %s %v", paths[n%len(paths)], resp.Status, err))
					return
				}
				requests.Add(1)
				time.Sleep(50 * time.Millisecond)
			}
		}()
	}
	// RSS once the clients are all in, and at the end.
	time.Sleep(run / 4)
	early := a.rssBytes(t)
	wg.Wait()
	late := a.rssBytes(t)

	t.Logf("%d clients for %v: %d requests, %d stream events, %d failures; agent RSS %.1f MiB after %v, %.1f MiB at the end",
		clients, run, requests.Load(), events.Load(), failures.Load(), float64(early)/(1<<20), run/4, float64(late)/(1<<20))
	if failures.Load() > 0 {
		t.Errorf("%d failures, the first: %v", failures.Load(), firstErr.Load())
	}
	// Every stream gets a snapshot on joining; on a loaded machine sampling may slow down, but
	// each must have seen more than that one.
	if events.Load() < 2*clients {
		t.Errorf("only %d snapshots reached %d streams in %v", events.Load(), clients, run)
	}
	if requests.Load() < clients {
		t.Errorf("only %d requests answered", requests.Load())
	}
	if grow := late - early; grow > max(early/10, 8<<20) {
		t.Errorf("agent RSS grew from %d to %d bytes", early, late)
	}
	// The slow client is dropped: the agent's counter says so within its write timeout.
	waitFor(t, "the agent to drop the client that stopped reading", func() bool {
		resp, err := hc.Get(a.URL + "/metrics")
		if err != nil {
			return false
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return strings.Contains(string(b), "taskscope_stream_clients_dropped_total 1") &&
			strings.Contains(string(b), "taskscope_stream_clients 0")
	})
}
