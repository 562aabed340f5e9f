// Package serve is Taskscope's agent: an HTTP server that samples the machine with inspect and
// serves what it sees as Prometheus metrics (/metrics), as one snapshot in the documented JSON
// format (/api/v1/snapshot) and as a stream of snapshots (/api/v1/stream, server-sent events) for
// the window on a remote host; and the Client that reads that stream. It imports inspect and
// never the window's packages or a GUI toolkit, so the agent builds without cgo.
package serve

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// DefaultListen is where the agent listens unless told otherwise: loopback only, so that
// nothing leaves the machine until the operator chooses an address and a token.
const DefaultListen = "127.0.0.1:9256"

// Bounds of the sampling interval: shorter than 10 ms says nothing the clock ticks can show, and
// a stream slower than ten minutes is not live.
const (
	MinInterval = 10 * time.Millisecond
	MaxInterval = 10 * time.Minute
)

// ErrConfig is wrapped by every error about a Config that the agent refuses to start with.
var ErrConfig = errors.New("refused")

// Config is everything the agent is started with. The zero value of each field but Listen
// means its default (see withDefaults).
type Config struct {
	// Listen is the TCP address, host:port.
	Listen string
	// Interval is the stream's period and the age beyond which a request samples afresh.
	Interval time.Duration
	// ThreadsFor selects the processes whose threads get metrics of their own, with inspect's
	// filter rule (substring of name, command line, user, PID or thread name, any case). Empty
	// selects none, which keeps the number of series bounded.
	ThreadsFor string
	// MaxThreadSeries caps the thread series of ThreadsFor (default DefaultMaxThreadSeries).
	MaxThreadSeries int
	// TopPIDs gives the N busiest processes per-PID series (0, the default: none).
	TopPIDs int
	// LegacyPIDMetrics gives every process per-PID series, as the agent did before process
	// groups; the number of series then grows with process churn.
	LegacyPIDMetrics bool
	// MaxGroups caps the process groups (default DefaultMaxGroups).
	MaxGroups int
	// Token, when not empty, must come with every request as "Authorization: Bearer TOKEN".
	Token string
	// TLSCert and TLSKey are PEM files; both or neither.
	TLSCert, TLSKey string
	// AllowSignals enables POST /api/v1/signal. It needs a Token.
	AllowSignals bool
	// MaxStreams bounds the concurrent /api/v1/stream clients (default 128).
	MaxStreams int
	// WriteTimeout is how long one write to a client may take before the client is dropped
	// (default 10 s): a client that stops reading must not hold the agent's memory.
	WriteTimeout time.Duration
	// ProcRoot is the proc tree to sample (default /proc).
	ProcRoot string
}

// withDefaults returns c with every unset field at its default.
func (c Config) withDefaults() Config {
	if c.Listen == "" {
		c.Listen = DefaultListen
	}
	if c.Interval == 0 {
		c.Interval = time.Second
	}
	if c.MaxStreams == 0 {
		c.MaxStreams = 128
	}
	if c.WriteTimeout == 0 {
		c.WriteTimeout = 10 * time.Second
	}
	if c.ProcRoot == "" {
		c.ProcRoot = "/proc"
	}
	return c
}

// check refuses a configuration that would be unsafe or cannot work, saying why.
func (c Config) check() error {
	host, _, err := net.SplitHostPort(c.Listen)
	if err != nil {
		return fmt.Errorf("%w: --listen %q: %w", ErrConfig, c.Listen, err)
	}
	if c.Token == "" && !isLoopback(host) {
		return fmt.Errorf("%w: --listen %s is reachable from other machines, and without --token-file anyone who "+
			"can reach it could read every process, command line and user on this host; give --token-file FILE "+
			"(a secret that clients send as a bearer token), or listen on 127.0.0.1", ErrConfig, c.Listen)
	}
	if c.AllowSignals && c.Token == "" {
		return fmt.Errorf("%w: --allow-signals needs --token-file: without a token any local user could "+
			"signal processes with the agent's rights", ErrConfig)
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return fmt.Errorf("%w: --tls-cert and --tls-key go together", ErrConfig)
	}
	if c.Interval < MinInterval || c.Interval > MaxInterval {
		return fmt.Errorf("%w: --interval %v is out of range: it must be between %v and %v", ErrConfig, c.Interval, MinInterval, MaxInterval)
	}
	if c.TopPIDs < 0 || c.TopPIDs > MaxTopPIDs {
		return fmt.Errorf("%w: --top-pids %d is out of range: 0 to %d", ErrConfig, c.TopPIDs, MaxTopPIDs)
	}
	if c.MaxThreadSeries < 0 || c.MaxGroups < 0 {
		return fmt.Errorf("%w: --max-thread-series and --max-groups must not be negative", ErrConfig)
	}
	if c.MaxStreams < 1 || c.WriteTimeout <= 0 {
		return fmt.Errorf("%w: stream limit %d and write timeout %v must be positive", ErrConfig, c.MaxStreams, c.WriteTimeout)
	}
	if _, err := inspect.ParseQuery(c.ThreadsFor); err != nil {
		return fmt.Errorf("%w: --threads-for: %w", ErrConfig, err)
	}
	return nil
}

// isLoopback reports whether a listen host stays on this machine: a loopback IP or "localhost".
// An empty host (":9256") listens on every interface, so it is not loopback.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ReadToken reads a bearer token from a file: its content without surrounding whitespace. An
// empty file is refused, since an empty token would let everyone in.
func ReadToken(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("serve: token file: %w", err)
	}
	tok := string(bytes.TrimSpace(b))
	if tok == "" {
		return "", fmt.Errorf("%w: token file %s is empty", ErrConfig, path)
	}
	for _, r := range tok {
		// A header value cannot carry control characters, so such a token could never match.
		if r < 0x21 || r == 0x7f {
			return "", fmt.Errorf("%w: token file %s holds spaces or control characters; a token is one word", ErrConfig, path)
		}
	}
	return tok, nil
}
