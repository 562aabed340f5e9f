package serve

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
)

// Server is the agent's HTTP server. Make it with New, then Serve a listener; Shutdown ends it.
type Server struct {
	cfg      Config
	src      *source
	streams  *broadcaster
	handler  http.Handler
	http     *http.Server
	tls      *tls.Config
	tokenSum [sha256.Size]byte
	// active counts open streams, for the limit and for tests; dropped counts clients cut off
	// because they stopped reading.
	active  atomic.Int64
	dropped prometheus.Counter
	// stop is closed by Shutdown, so open streams end and let it finish.
	stop     chan struct{}
	stopOnce atomic.Bool
	// signal sends a signal after the start-time check (the source's Sampler.Signal); the fuzz
	// test puts one in that sends nothing, since the PIDs it guesses may be real.
	signal func(k inspect.TaskKey, sig unix.Signal) error
}

// New checks cfg and builds a Server. A configuration that is unsafe (a non-loopback address
// without a token) or inconsistent is refused with an error wrapping ErrConfig that says why.
func New(cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	if err := cfg.check(); err != nil {
		return nil, err
	}
	// The first request waits for two samples this far apart, so its rates mean something.
	src, err := newSource(cfg.ProcRoot, min(cfg.Interval, 500*time.Millisecond))
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, src: src, stop: make(chan struct{}), signal: src.signal}
	if cfg.TLSCert != "" {
		// Read now, so a bad certificate stops the agent at start rather than at the first request.
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return nil, fmt.Errorf("serve: TLS: %w", err)
		}
		s.tls = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	if cfg.Token != "" {
		s.tokenSum = sha256.Sum256([]byte(cfg.Token))
	}
	s.streams = newBroadcaster(src, cfg.Interval)

	reg := prometheus.NewRegistry()
	s.dropped = prometheus.NewCounter(prometheus.CounterOpts{Name: "taskscope_stream_clients_dropped_total",
		Help: "Stream clients the agent cut off because they stopped reading."})
	streamsOpen := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "taskscope_stream_clients",
		Help: "Stream clients connected now."}, func() float64 { return float64(s.active.Load()) })
	reg.MustRegister(newCollector(src, cfg.Interval, metricsOptions{threadsFor: cfg.ThreadsFor, maxThreads: cfg.MaxThreadSeries,
		topPIDs: cfg.TopPIDs, legacyPIDs: cfg.LegacyPIDMetrics, maxGroups: cfg.MaxGroups}), s.dropped, streamsOpen,
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), collectors.NewGoCollector())
	metrics := promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorHandling: promhttp.ContinueOnError,
		// Scrapes share one snapshot, so many at once cost little; beyond this many the agent
		// answers 503 rather than pile up work.
		MaxRequestsInFlight: 256,
		Timeout:             30 * time.Second,
	})

	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.plain(nil, metrics))
	mux.Handle("GET /api/v1/snapshot", s.plain([]string{"filter"}, http.HandlerFunc(s.serveSnapshot)))
	mux.Handle("GET /api/v1/host", s.plain(nil, http.HandlerFunc(s.serveHost)))
	mux.Handle("GET /api/v1/stream", s.plain(nil, http.HandlerFunc(s.serveStream)))
	mux.Handle("POST /api/v1/signal", s.plain(nil, http.HandlerFunc(s.serveSignal)))
	mux.Handle("GET /{$}", s.plain(nil, http.HandlerFunc(s.serveIndex)))
	s.handler = s.authenticate(mux)
	s.http = &http.Server{
		Handler: s.handler,
		// A client that dribbles its request, or opens connections and says nothing, must not
		// tie up the agent: headers within 5 s, a whole request within 10 s. There is no
		// server-wide write timeout, because a stream lasts as long as its client reads; each
		// handler sets a deadline on its own writes instead.
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    8 << 10,
	}
	return s, nil
}

// Handler returns the agent's HTTP handler, authentication included (for tests and fuzzing).
func (s *Server) Handler() http.Handler { return s.handler }

// Config returns the configuration the server runs with, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// ActiveStreams returns how many stream clients are connected.
func (s *Server) ActiveStreams() int { return int(s.active.Load()) }

// Serve answers requests on ln until Shutdown, over TLS when a certificate was given. It
// returns http.ErrServerClosed after Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	if s.tls != nil {
		ln = tls.NewListener(ln, s.tls)
	}
	return s.http.Serve(ln)
}

// sendBuffer caps the kernel's send buffer of each connection (accepted sockets inherit it
// from the listener). Left to autotune, it grows to 4 MiB, so a stream client that stops
// reading would hold that much of the machine's memory, and be noticed only once it filled; at
// 256 KiB a stalled client meets the write timeout within a few frames, and a reading one is
// not slowed (a frame larger than the buffer is written in parts within the timeout).
const sendBuffer = 256 << 10

// Listen opens the configured address.
func (s *Server) Listen() (net.Listener, error) {
	lc := net.ListenConfig{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		if err := c.Control(func(fd uintptr) {
			serr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_SNDBUF, sendBuffer)
		}); err != nil {
			return err
		}
		return serr
	}}
	ln, err := lc.Listen(context.Background(), "tcp", s.cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	return ln, nil
}

// Shutdown ends open streams, stops accepting requests and waits (until ctx ends) for the
// ones in progress.
func (s *Server) Shutdown(ctx context.Context) error {
	if s.stopOnce.CompareAndSwap(false, true) {
		close(s.stop)
	}
	return s.http.Shutdown(ctx)
}

// authenticate wraps h so that, when the agent has a token, a request without the right
// "Authorization: Bearer TOKEN" gets 401 and nothing else. The hashes of the two tokens are
// compared in constant time, so neither the content nor the length of the token leaks through
// the time a refusal takes.
func (s *Server) authenticate(h http.Handler) http.Handler {
	if s.cfg.Token == "" {
		return s.loopbackOnly(h)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The scheme's name is case-insensitive (RFC 9110); the token is compared exactly.
		auth := r.Header.Get("Authorization")
		ok := len(auth) > len("Bearer ") && strings.EqualFold(auth[:len("Bearer ")], "Bearer ")
		given := ""
		if ok {
			given = auth[len("Bearer "):]
		}
		sum := sha256.Sum256([]byte(given))
		if subtle.ConstantTimeCompare(sum[:], s.tokenSum[:]) != 1 || !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="taskscope"`)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// loopbackOnly guards an agent without a token, which listens on loopback only: a web page in
// a local browser could still reach it through a DNS name rebound to 127.0.0.1, so requests must
// name the host as an IP address or localhost.
func (s *Server) loopbackOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		if host != "localhost" && net.ParseIP(strings.Trim(host, "[]")) == nil {
			http.Error(w, "taskscope agent: address this agent by IP or as localhost", http.StatusMisdirectedRequest)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// plain wraps a handler of an endpoint that takes the query parameters allowed (and no others):
// a query that does not parse, or names another parameter, gets 400 before the handler runs.
func (s *Server) plain(allowed []string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			http.Error(w, "taskscope agent: bad query string: "+err.Error(), http.StatusBadRequest)
			return
		}
		for k, v := range q {
			if !slices.Contains(allowed, k) || len(v) > 1 {
				http.Error(w, fmt.Sprintf("taskscope agent: unknown or repeated query parameter %q", k), http.StatusBadRequest)
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

// setWriteDeadline bounds the next writes to w. Its error is ignored: a ResponseWriter that
// cannot take deadlines (a test recorder) is written without one, and on a connection already
// gone the write that follows fails and says so.
func setWriteDeadline(w http.ResponseWriter, d time.Duration) {
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(d))
}

// serveSnapshot answers GET /api/v1/snapshot[?filter=TEXT] with one snapshot in the documented
// `snapshot --json` format.
func (s *Server) serveSnapshot(w http.ResponseWriter, r *http.Request) {
	snap, err := s.src.snapshot(s.cfg.Interval)
	if err != nil {
		http.Error(w, "taskscope agent: "+err.Error(), http.StatusInternalServerError)
		return
	}
	snap, err = snap.Filtered(r.URL.Query().Get("filter"))
	if err != nil {
		http.Error(w, "taskscope agent: filter: "+err.Error(), http.StatusBadRequest)
		return
	}
	setWriteDeadline(w, s.cfg.WriteTimeout)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	inspect.WriteJSON(w, snap)
}

// serveIndex lists the endpoints, for a person who opens the agent in a browser.
func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "taskscope agent on %s\n\n/metrics            Prometheus metrics\n/api/v1/snapshot    one snapshot (JSON)\n"+
		"/api/v1/stream      server-sent events, one snapshot every %v\n/api/v1/host        host facts (JSON)\n"+
		"/api/v1/signal      POST, signals a process (%s)\n", s.src.host().Hostname, s.cfg.Interval, onOff(s.cfg.AllowSignals))
}

func onOff(b bool) string {
	if b {
		return "allowed"
	}
	return "off: started without --allow-signals"
}
