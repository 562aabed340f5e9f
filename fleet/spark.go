package fleet

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"time"
)

// SparkPoint is one bar of a history sparkline: its time and its height, 0 to 100.
type SparkPoint struct {
	At time.Time
	V  float64
}

// Spark scales a series to sparkline bars: each value as a percentage of full (cores for CPU,
// total memory for memory, the series' own peak when full is 0), clamped to 0..100. A step
// without a value becomes a bar of height 0, so a gap shows as a gap rather than as the
// neighbouring bar stretched across it.
func Spark(s Series, full float64) []SparkPoint {
	if full <= 0 {
		for _, v := range s.Values {
			if !math.IsNaN(v) && v > full {
				full = v
			}
		}
	}
	out := make([]SparkPoint, len(s.Values))
	for i, v := range s.Values {
		p := SparkPoint{At: s.Start.Add(time.Duration(i) * s.Step)}
		if !math.IsNaN(v) && full > 0 {
			p.V = min(max(v/full*100, 0), 100)
		}
		out[i] = p
	}
	return out
}

// Probe asks the agent at agentURL for its metrics, with the Client's token and CA, and says
// why it cannot be opened live: it is what the window checks before opening a host.
func (c *Client) Probe(ctx context.Context, agentURL string) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, agentURL+"/api/v1/snapshot", nil)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrCannotOpen, err)
	}
	resp, err := (&http.Client{Transport: c.rt}).Do(req)
	if err != nil {
		return fmt.Errorf("%w: the agent at %s does not answer: %w", ErrCannotOpen, agentURL, rootCause(err))
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return fmt.Errorf("%w: the agent at %s refuses the token (HTTP %d); give its token with --token-file", ErrCannotOpen, agentURL, resp.StatusCode)
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("%w: the agent at %s answers HTTP %d", ErrCannotOpen, agentURL, resp.StatusCode)
	}
	return nil
}
