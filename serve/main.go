package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"github.com/taskscope/taskscope/internal/cmdflag"
)

// Main implements `PROG serve [flags]`: it starts the agent and serves until SIGINT or SIGTERM.
// prog names the binary in messages. It returns the exit code: 0 after a signal, 1 when the agent
// cannot start (a refused configuration, an address in use), 2 for bad usage.
func Main(prog string, args []string, stdout, stderr io.Writer) int {
	cmd := prog + " serve"
	fs := cmdflag.New(cmd, cmd+" [--listen ADDR] [--interval D] [--threads-for TEXT] [--max-thread-series N] [--top-pids N] [--legacy-pid-metrics] [--max-groups N] [--token-file F] [--tls-cert F --tls-key F] [--allow-signals] [--max-streams N] [--write-timeout D]", stderr)
	usage := fs.Usage
	fs.Usage = func() { usage(); fmt.Fprintln(stderr, seriesNote()) }
	var cfg Config
	fs.StringVar(&cfg.Listen, "listen", DefaultListen, "`ADDR` (host:port) to listen on; any address but loopback needs --token-file")
	fs.DurationVar(&cfg.Interval, "interval", time.Second, "stream period, and the age beyond which a request samples /proc afresh (10ms to 10m)")
	fs.StringVar(&cfg.ThreadsFor, "threads-for", "", "per-thread metrics for processes whose name, command line, user, PID or thread name contains `TEXT` (default: none)")
	fs.IntVar(&cfg.MaxThreadSeries, "max-thread-series", DefaultMaxThreadSeries, "most thread series --threads-for adds; the rest are counted in taskscope_series_dropped_total")
	fs.IntVar(&cfg.TopPIDs, "top-pids", 0, "per-PID series for the `N` busiest processes (0 to 1000; default none: processes are grouped by name and user)")
	fs.BoolVar(&cfg.LegacyPIDMetrics, "legacy-pid-metrics", false, "per-PID series for every process, as before process groups (series grow with process churn)")
	fs.IntVar(&cfg.MaxGroups, "max-groups", DefaultMaxGroups, "most process groups (name and user); processes of further groups are counted in taskscope_series_dropped_total")
	tokenFile := fs.String("token-file", "", "`FILE` holding a secret every request must send as \"Authorization: Bearer TOKEN\"")
	fs.StringVar(&cfg.TLSCert, "tls-cert", "", "PEM certificate `FILE`: serve HTTPS (with --tls-key)")
	fs.StringVar(&cfg.TLSKey, "tls-key", "", "PEM private key `FILE` of --tls-cert")
	fs.BoolVar(&cfg.AllowSignals, "allow-signals", false, "accept POST /api/v1/signal (needs --token-file)")
	fs.IntVar(&cfg.MaxStreams, "max-streams", 128, "most /api/v1/stream clients at once")
	fs.DurationVar(&cfg.WriteTimeout, "write-timeout", 10*time.Second, "a client whose write takes longer is dropped (it stopped reading)")
	if code, ok := cmdflag.Parse(fs, args); !ok {
		return code
	}
	if *tokenFile != "" {
		tok, err := ReadToken(*tokenFile)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
			return 1
		}
		cfg.Token = tok
	}
	s, err := New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return 1
	}
	ln, err := s.Listen()
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return 1
	}
	scheme := "http"
	if cfg.TLSCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(stdout, "%s: serving %s://%s/metrics, /api/v1/snapshot and /api/v1/stream (every %v)\n",
		cmd, scheme, ln.Addr(), s.Config().Interval)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return 1
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "%s: shutdown: %v\n", cmd, err)
	}
	return 0
}
