package ui

import (
	"bytes"
	"strings"
	"testing"
)

// TestPrometheusFlags: --prometheus takes --token-file and --ca-file, goes with no other source,
// and a bad URL is refused before any window opens.
func TestPrometheusFlags(t *testing.T) {
	var errb bytes.Buffer
	o, err := parseFlags([]string{"--prometheus", "http://prom:9090", "--token-file", "/t", "--ca-file", "/ca.pem"}, &errb)
	if err != nil || o.prometheus != "http://prom:9090" || o.tokenFile != "/t" || o.caFile != "/ca.pem" {
		t.Fatalf("parse: %+v %v %s", o, err, errb.String())
	}
	for _, args := range [][]string{
		{"--prometheus", "http://prom:9090", "--remote", "http://lab:9256"},
		{"--prometheus", "http://prom:9090", "--open", "x.tsrec"},
		{"--prometheus", "http://prom:9090", "--", "sleep", "1"},
	} {
		errb.Reset()
		if _, err := parseFlags(args, &errb); err == nil || !strings.Contains(errb.String(), "--prometheus opens the Fleet tab") {
			t.Errorf("%v: %v %q, want a refusal", args, err, errb.String())
		}
	}
	if _, err := newFleetClient(options{prometheus: "prom:9090"}); err == nil || !strings.Contains(err.Error(), "want http://HOST:PORT") {
		t.Errorf("bad URL: %v", err)
	}
	// A CA file meant for https:// agents is not given to an http:// Prometheus.
	if c, err := newFleetClient(options{prometheus: "http://prom:9090", caFile: "/nonexistent.pem"}); err != nil || c == nil {
		t.Errorf("http Prometheus with a CA file for the agents: %v", err)
	}
	if c, err := newFleetClient(options{}); c != nil || err != nil {
		t.Errorf("no --prometheus: %v %v", c, err)
	}
}
