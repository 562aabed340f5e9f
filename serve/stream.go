package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// HostInfo describes the agent's machine and the agent itself: the `host` event of the stream
// and the body of /api/v1/host.
type HostInfo struct {
	Hostname      string `json:"hostname"`
	Kernel        string `json:"kernel"`
	CPUModel      string `json:"cpu_model"`
	LogicalCores  int    `json:"logical_cores"`
	PhysicalCores int    `json:"physical_cores"`
	// IntervalMS is the stream's period.
	IntervalMS int64 `json:"interval_ms"`
	// SignalsAllowed says whether POST /api/v1/signal is on (--allow-signals).
	SignalsAllowed bool `json:"signals_allowed"`
}

// hostInfo returns the agent's HostInfo.
func (s *Server) hostInfo() HostInfo {
	h := s.src.host()
	return HostInfo{Hostname: h.Hostname, Kernel: h.Kernel, CPUModel: h.CPUModel, LogicalCores: h.LogicalCores,
		PhysicalCores: h.PhysicalCores, IntervalMS: s.cfg.Interval.Milliseconds(), SignalsAllowed: s.cfg.AllowSignals}
}

// serveHost answers GET /api/v1/host.
func (s *Server) serveHost(w http.ResponseWriter, r *http.Request) {
	setWriteDeadline(w, s.cfg.WriteTimeout)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(s.hostInfo())
}

// event is one snapshot, already framed as a server-sent event, shared by every client.
type event struct {
	seq   uint64
	frame []byte
}

// broadcaster samples once per interval while at least one client streams, frames each snapshot
// once, and hands the same bytes to every client. Each client has a mailbox of one event: a
// client that falls behind skips to the newest snapshot instead of queueing old ones, so a
// slow reader costs one event of memory, never a backlog.
type broadcaster struct {
	src      *source
	interval time.Duration

	mu      sync.Mutex
	clients map[chan *event]struct{}
	latest  *event
	seq     uint64
	running bool
	// sent is the snapshot of latest: one snapshot is never sent twice.
	sent *inspect.Snapshot
	// lastSize is the size of the last frame, the next one's likely size. Only run uses it.
	lastSize int
}

func newBroadcaster(src *source, interval time.Duration) *broadcaster {
	return &broadcaster{src: src, interval: interval, clients: make(map[chan *event]struct{})}
}

// join adds a client and returns its mailbox, holding the newest event when there is one. The
// sampling loop starts with the first client.
func (b *broadcaster) join() chan *event {
	ch := make(chan *event, 1)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.clients[ch] = struct{}{}
	if b.latest != nil {
		ch <- b.latest
	}
	if !b.running {
		b.running = true
		go b.run()
	}
	return ch
}

// leave removes a client. The loop ends by itself once no client is left.
func (b *broadcaster) leave(ch chan *event) {
	b.mu.Lock()
	delete(b.clients, ch)
	b.mu.Unlock()
}

// run samples and publishes every interval until no client is left.
func (b *broadcaster) run() {
	// The first publish may take two samples (the first request's warm-up): the ticker starts
	// after it, so the second snapshot is a whole interval younger than the first.
	b.publish()
	t := time.NewTicker(b.interval)
	defer t.Stop()
	for {
		<-t.C
		b.mu.Lock()
		if len(b.clients) == 0 {
			b.running = false
			// Drop the last event: a client joining later must not get a stale snapshot first.
			b.latest, b.sent = nil, nil
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		b.publish()
	}
}

// publish takes a snapshot (reusing one a scrape took within half an interval), frames it and
// puts it in every mailbox, replacing an event the client has not taken yet.
func (b *broadcaster) publish() {
	snap, err := b.src.snapshot(b.interval / 2)
	var frame []byte
	b.mu.Lock()
	seq := b.seq + 1
	repeat := err == nil && snap == b.sent
	b.mu.Unlock()
	if repeat {
		return
	}
	if err != nil {
		frame = frameEvent("error", seq, []byte(strconv.Quote(err.Error())))
	} else {
		frame = snapshotFrame(seq, snap, b.lastSize)
		b.lastSize = len(frame)
	}
	ev := &event{seq: seq, frame: frame}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seq, b.latest, b.sent = seq, ev, snap
	for ch := range b.clients {
		select {
		case <-ch:
		default:
		}
		ch <- ev
	}
}

// snapshotFrame writes snap as a `snapshot` event. The JSON goes straight into the frame's
// buffer, sized like the previous frame, so a frame of a few hundred kilobytes costs one
// allocation rather than a chain of growing copies.
func snapshotFrame(seq uint64, snap *inspect.Snapshot, sizeHint int) []byte {
	b := bytes.NewBuffer(make([]byte, 0, sizeHint+sizeHint/8+256))
	fmt.Fprintf(b, "event: snapshot\nid: %d\ndata: ", seq)
	if err := inspect.WriteJSON(b, snap); err != nil {
		return frameEvent("error", seq, []byte(strconv.Quote(err.Error())))
	}
	// WriteJSON ends its line; an event ends with a blank line.
	b.WriteByte('\n')
	return b.Bytes()
}

// frameEvent frames one server-sent event. data must hold no newline, which JSON never does.
func frameEvent(name string, seq uint64, data []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(data) + 64)
	fmt.Fprintf(&b, "event: %s\n", name)
	if seq > 0 {
		fmt.Fprintf(&b, "id: %d\n", seq)
	}
	b.WriteString("data: ")
	b.Write(data)
	b.WriteString("\n\n")
	return b.Bytes()
}

// serveStream answers GET /api/v1/stream with server-sent events: first a `host` event, then a
// `snapshot` event every interval, until the client leaves or stops reading. Each write must
// finish within the write timeout, else the client is dropped.
func (s *Server) serveStream(w http.ResponseWriter, r *http.Request) {
	if n := s.active.Add(1); n > int64(s.cfg.MaxStreams) {
		s.active.Add(-1)
		w.Header().Set("Retry-After", "5")
		http.Error(w, fmt.Sprintf("taskscope agent: %d streams are open, the most it serves", s.cfg.MaxStreams), http.StatusServiceUnavailable)
		return
	}
	defer s.active.Add(-1)
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	hostJSON, _ := json.Marshal(s.hostInfo())
	// retry tells a browser's EventSource how long to wait before reconnecting.
	first := append([]byte("retry: 2000\n"), frameEvent("host", 0, hostJSON)...)
	if !s.send(w, rc, first) {
		return
	}
	ch := s.streams.join()
	defer s.streams.leave(ch)
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.stop:
			return
		case ev := <-ch:
			if !s.send(w, rc, ev.frame) {
				return
			}
		}
	}
}

// send writes one frame and flushes it within the write timeout. It returns false when the
// client is gone or too slow, and counts the slow ones.
func (s *Server) send(w http.ResponseWriter, rc *http.ResponseController, frame []byte) bool {
	setWriteDeadline(w, s.cfg.WriteTimeout)
	_, err := w.Write(frame)
	if err == nil {
		err = rc.Flush()
	}
	if err != nil {
		if isTimeout(err) {
			s.dropped.Inc()
		}
		return false
	}
	return true
}
