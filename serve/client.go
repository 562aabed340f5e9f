package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// ErrUnauthorized means the agent refused the token (HTTP 401).
var ErrUnauthorized = errors.New("the agent refused the token (401): check --token-file")

// State is the Client's connection state, reported on every change.
type State struct {
	// Connected is true while snapshots arrive.
	Connected bool
	// Host is what the agent said of its machine; zero until the first connection.
	Host HostInfo
	// Err says why the connection was lost or could not be made (when not Connected).
	Err error
	// RetryIn is how long the Client waits before the next attempt (when not Connected).
	RetryIn time.Duration
	// Attempt counts the attempts since the last successful connection.
	Attempt int
}

// String says the state in a few words, for a status line.
func (s State) String() string {
	if s.Connected {
		return "connected to " + s.Host.Hostname
	}
	if s.Err == nil {
		return "connecting"
	}
	return fmt.Sprintf("connection lost (%v); retrying in %d s", s.Err, int((s.RetryIn+time.Second-1)/time.Second))
}

// Client reads an agent's stream and hands over each snapshot, reconnecting with a growing
// pause (MinBackoff doubling up to MaxBackoff) whenever the connection is lost, refused or
// silent for too long.
type Client struct {
	// URL is the agent's base URL, e.g. http://host:9256.
	URL string
	// Token is sent as a bearer token when not empty.
	Token string
	// HTTP is the client to use (default: one without a timeout, since a stream is long).
	HTTP *http.Client
	// MinBackoff and MaxBackoff bound the pause between attempts (default 1 s and 15 s).
	MinBackoff, MaxBackoff time.Duration
	// Silence is how long a connection may stay open without news before it counts as lost
	// (default: three of the agent's intervals plus 5 s).
	Silence time.Duration
}

// NewClient checks the URL and returns a Client for it.
func NewClient(rawURL, token string) (*Client, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("serve: %q is not an agent URL: give http://HOST:PORT or https://HOST:PORT", rawURL)
	}
	return &Client{URL: strings.TrimRight(rawURL, "/"), Token: token}, nil
}

// Run connects and reconnects until ctx ends, calling snap for every snapshot (with Host facts
// from the agent filled in) and state whenever the connection state changes. Both are called
// from Run's goroutine, one at a time. It returns ctx's error.
func (c *Client) Run(ctx context.Context, snap func(*inspect.Snapshot), state func(State)) error {
	minB, maxB := c.MinBackoff, c.MaxBackoff
	if minB <= 0 {
		minB = time.Second
	}
	if maxB < minB {
		maxB = max(15*time.Second, minB)
	}
	backoff := minB
	attempt := 0
	var host HostInfo
	state(State{})
	for {
		attempt++
		connected := false
		err := c.stream(ctx, func(h HostInfo) { host = h }, func(s *inspect.Snapshot) {
			if !connected {
				connected, attempt, backoff = true, 0, minB
				state(State{Connected: true, Host: host})
			}
			snap(s)
		})
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err == nil {
			err = errors.New("the agent closed the stream")
		}
		state(State{Host: host, Err: err, RetryIn: backoff, Attempt: attempt})
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, maxB)
	}
}

// do sends req with the client's token and HTTP client. A 401 comes back as ErrUnauthorized
// (body closed), so both callers tell a wrong token from a broken link the same way; any other
// answer is the caller's to read and close.
func (c *Client) do(req *http.Request) (*http.Response, error) {
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusUnauthorized {
		resp.Body.Close()
		return nil, ErrUnauthorized
	}
	return resp, nil
}

// stream makes one connection and reads it until it fails.
func (c *Client) stream(ctx context.Context, host func(HostInfo), snap func(*inspect.Snapshot)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.URL+"/api/v1/stream", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "text/event-stream")
	resp, err := c.do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("the agent answered %s: %s", resp.Status, bytes.TrimSpace(msg))
	}

	// A connection that stays open but silent (a host that vanished without a reset) is lost
	// too: without news for three intervals plus some slack, the request is cancelled.
	silence := 15 * time.Second
	if c.Silence > 0 {
		silence = c.Silence
	}
	var silent atomic.Bool
	watchdog := time.AfterFunc(silence, func() { silent.Store(true); cancel() })
	defer watchdog.Stop()
	var info HostInfo
	er := newEventReader(resp.Body)
	for {
		ev, err := er.next()
		if err != nil {
			if silent.Load() {
				return fmt.Errorf("no news from the agent for %v", silence)
			}
			return err
		}
		watchdog.Reset(silence)
		switch ev.Name {
		case "host":
			if err := json.Unmarshal(ev.Data, &info); err != nil {
				return fmt.Errorf("%w: host event: %w", ErrBadStream, err)
			}
			if info.IntervalMS > 0 && c.Silence <= 0 {
				silence = 3*time.Duration(info.IntervalMS)*time.Millisecond + 5*time.Second
				watchdog.Reset(silence)
			}
			host(info)
		case "snapshot":
			s, err := inspect.DecodeJSON(ev.Data)
			if err != nil {
				return err
			}
			s.Host.Hostname, s.Host.Kernel, s.Host.CPUModel = info.Hostname, info.Kernel, info.CPUModel
			if info.LogicalCores > 0 {
				s.Host.LogicalCores = info.LogicalCores
			}
			s.Host.PhysicalCores = info.PhysicalCores
			snap(s)
		case "error":
			// The agent could not sample this time; the stream goes on.
		}
	}
}

// Signal asks the agent to send sig (TERM, KILL, STOP, CONT, INT, HUP) to process k. The
// agent checks k's start time, so a reused PID is never hit. Errors carry the agent's own words;
// a process that has ended gives an error wrapping inspect.ErrGone.
func (c *Client) Signal(ctx context.Context, k inspect.TaskKey, sig string) error {
	body, _ := json.Marshal(SignalRequest{PID: k.ID, StartTicks: k.StartTicks, Signal: sig})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL+"/api/v1/signal", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var rep SignalReply
	json.NewDecoder(io.LimitReader(resp.Body, 4096)).Decode(&rep)
	if rep.Error == "" {
		rep.Error = resp.Status
	}
	switch resp.StatusCode {
	case http.StatusOK:
		return nil
	case http.StatusNotFound:
		return fmt.Errorf("%w: %s", inspect.ErrGone, rep.Error)
	}
	return fmt.Errorf("the agent did not send %s: %s", sig, rep.Error)
}
