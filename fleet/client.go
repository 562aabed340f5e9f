// Package fleet reads a fleet of Taskscope agents through the Prometheus server that scrapes
// them: which hosts there are and whether each is up (and why not), each host's cores busy,
// memory, process count and busiest process groups, and the history of each figure. It asks
// Prometheus's HTTP API (PromQL) only, never the agents, so its cost does not grow with the
// number of requests per host; and it imports no GUI toolkit, so the window and the headless
// `taskscope fleet` share it.
package fleet

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/prometheus/client_golang/api"
	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
)

// ErrOptions is wrapped by every error about Options that cannot work.
var ErrOptions = errors.New("fleet")

// Options say which Prometheus to ask and how.
type Options struct {
	// URL is the Prometheus server's base URL, http:// or https://.
	URL string
	// TokenFile, when set, holds a bearer token sent with every request (as --remote does
	// for an agent; a Prometheus behind an authenticating proxy wants one).
	TokenFile string
	// CAFile, when set, is a PEM file of the CA that an https:// Prometheus is trusted by.
	CAFile string
	// Timeout bounds each request (default 10 s).
	Timeout time.Duration
}

// Client asks one Prometheus server about the Taskscope agents it scrapes.
type Client struct {
	api v1.API
	// rt sends requests with the token and CA of the Options; Probe reuses it for agents.
	rt  http.RoundTripper
	url string
	// timeout bounds each call.
	timeout time.Duration
}

// New returns a Client for o, reading the token and CA files now so that a bad one is
// reported before any request.
func New(o Options) (*Client, error) {
	u, err := url.Parse(o.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w: --prometheus %q: want http://HOST:PORT or https://HOST:PORT", ErrOptions, o.URL)
	}
	if o.CAFile != "" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w: --ca-file goes with an https:// Prometheus URL, not %s", ErrOptions, o.URL)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, fmt.Errorf("%w: --ca-file: %w", ErrOptions, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%w: --ca-file %s holds no PEM certificate", ErrOptions, o.CAFile)
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	var rt http.RoundTripper = tr
	if o.TokenFile != "" {
		b, err := os.ReadFile(o.TokenFile)
		if err != nil {
			return nil, fmt.Errorf("%w: --token-file: %w", ErrOptions, err)
		}
		tok := string(bytes.TrimSpace(b))
		if tok == "" || strings.ContainsFunc(tok, func(r rune) bool { return r < 0x21 || r == 0x7f }) {
			return nil, fmt.Errorf("%w: --token-file %s must hold one word", ErrOptions, o.TokenFile)
		}
		rt = bearer{token: tok, next: tr}
	}
	c, err := api.NewClient(api.Config{Address: strings.TrimRight(o.URL, "/"), RoundTripper: rt})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrOptions, err)
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	return &Client{api: v1.NewAPI(c), rt: rt, url: o.URL, timeout: timeout}, nil
}

// URL is the Prometheus server the Client asks.
func (c *Client) URL() string { return c.url }

// bearer adds a bearer token to every request.
type bearer struct {
	token string
	next  http.RoundTripper
}

// RoundTrip sends r with the token, on a copy as RoundTripper's contract asks.
func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return b.next.RoundTrip(r)
}
