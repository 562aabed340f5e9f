package serve

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestConfigRefusals(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		msg  string
	}{
		{"all interfaces without token", Config{Listen: ":9256"}, "reachable from other machines"},
		{"public address without token", Config{Listen: "0.0.0.0:9256"}, "--token-file"},
		{"IPv6 any without token", Config{Listen: "[::]:9256"}, "--token-file"},
		{"a name without token", Config{Listen: "example.org:9256"}, "--token-file"},
		{"signals without token", Config{AllowSignals: true}, "--allow-signals needs --token-file"},
		{"cert without key", Config{TLSCert: "c.pem"}, "go together"},
		{"interval too short", Config{Interval: time.Millisecond}, "out of range"},
		{"interval too long", Config{Interval: time.Hour}, "out of range"},
		{"no port", Config{Listen: "127.0.0.1"}, "--listen"},
		{"bad threads-for query", Config{ThreadsFor: "cpu>>5"}, `--threads-for: bad query "cpu>>5"`},
		{"top-pids negative", Config{TopPIDs: -1}, "--top-pids"},
		{"top-pids too many", Config{TopPIDs: MaxTopPIDs + 1}, "--top-pids"},
		{"negative caps", Config{MaxGroups: -1}, "--max-groups"},
	}
	for _, c := range cases {
		_, err := New(c.cfg)
		if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: err = %v, want a refusal saying %q", c.name, err, c.msg)
		}
	}
	for _, ok := range []Config{{}, {ThreadsFor: "app~firefox cpu>1"}, {Listen: "localhost:0"}, {Listen: "[::1]:0"}, {Listen: "0.0.0.0:0", Token: "s3cret"}} {
		if _, err := New(ok); err != nil {
			t.Errorf("%+v refused: %v", ok, err)
		}
	}
}

func TestReadToken(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if tok, err := ReadToken(write("good", "  abc123\n")); err != nil || tok != "abc123" {
		t.Errorf("good token: %q, %v", tok, err)
	}
	for name, content := range map[string]string{"empty": "\n \n", "two words": "abc def", "control": "abc\x01"} {
		if _, err := ReadToken(write(name, content)); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: err = %v, want ErrConfig", name, err)
		}
	}
	if _, err := ReadToken(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v", err)
	}
}

// TestMainExitCodes runs the command as a user would: bad flags give usage and 2, a refused
// configuration one line saying why and 1.
func TestMainExitCodes(t *testing.T) {
	tokenFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tokenFile, nil, 0o600)
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--bogus"}, 2, "usage:"},
		{[]string{"--interval", "soon"}, 2, "invalid value"},
		{[]string{"extra"}, 2, "unexpected argument"},
		{[]string{"--listen", "0.0.0.0:0"}, 1, "without --token-file anyone"},
		{[]string{"--token-file", tokenFile}, 1, "is empty"},
		{[]string{"--interval", "1ms"}, 1, "out of range"},
		{[]string{"--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.pem"}, 1, "TLS"},
		{[]string{"-h"}, 0, "usage:"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := Main("taskscope", c.args, &out, &errb)
		if code != c.code || !strings.Contains(errb.String(), c.msg) {
			t.Errorf("serve %q: exit %d, stderr %q; want %d saying %q", c.args, code, errb.String(), c.code, c.msg)
		}
	}
}
