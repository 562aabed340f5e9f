package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestParseFlags(t *testing.T) {
	for _, c := range []struct {
		args    []string
		want    options
		wantErr bool
	}{
		{nil, options{}, false},
		{[]string{"--filter", "firefox", "--tab", "cores", "--presentation"}, options{filter: "firefox", tab: "cores", presentation: true}, false},
		{[]string{"-tab=Demos"}, options{tab: "demos"}, false},
		{[]string{"--tab", "demos/browser"}, options{tab: "demos", card: "browser"}, false},
		{[]string{"--tab", "demos/nothing"}, options{}, true},
		{[]string{"--tab", "cores/browser"}, options{}, true},
		{[]string{"--tab", "memory"}, options{}, true},
		{[]string{"--colour"}, options{}, true},
		{[]string{"--filter"}, options{}, true},
		{[]string{"extra"}, options{}, true},
		{[]string{"--tab", "timeline", "--", "python3", "-c", "x"}, options{tab: "timeline", program: []string{"python3", "-c", "x"}}, false},
		{[]string{"--", "--tab"}, options{program: []string{"--tab"}}, false},
		{[]string{"--"}, options{}, false},
		{[]string{"--group", "app", "--filter", "cpu>5 rss>100M"}, options{group: "app", filter: "cpu>5 rss>100M"}, false},
		{[]string{"--group", "user"}, options{}, true},
		{[]string{"--filter", "cpu>>5"}, options{}, true},
	} {
		var stderr bytes.Buffer
		got, err := parseFlags(c.args, &stderr)
		if (err != nil) != c.wantErr {
			t.Errorf("%q: err = %v", c.args, err)
			continue
		}
		if c.wantErr {
			if stderr.Len() == 0 {
				t.Errorf("%q: no message", c.args)
			}
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %+v, want %+v", c.args, got, c.want)
		}
	}
}

func TestMainBadFlagExits2(t *testing.T) {
	// Main must not open a window for a bad command line; stderr is os.Stderr here.
	if got := Main([]string{"--tab", "nowhere"}); got != 2 {
		t.Errorf("Main(bad flag) = %d, want 2", got)
	}
}

func TestNoDisplay(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	if noDisplay(env(nil)) == "" {
		t.Error("no DISPLAY and no WAYLAND_DISPLAY: want a reason")
	}
	if why := noDisplay(env(map[string]string{"DISPLAY": ":0"})); why != "" {
		t.Errorf("DISPLAY set: %q", why)
	}
	if why := noDisplay(env(map[string]string{"WAYLAND_DISPLAY": "wayland-0"})); why != "" {
		t.Errorf("WAYLAND_DISPLAY set: %q", why)
	}
}

// A new account has no ~/.cache until something makes it; Fyne would then fail to make its
// own cache directory under it and log errors at every start.
func TestEnsureCacheDirMakesAMissingOne(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", "")
	ensureCacheDir()
	if fi, err := os.Stat(filepath.Join(home, ".cache")); err != nil || !fi.IsDir() {
		t.Fatalf("~/.cache after ensureCacheDir: %v", err)
	}
}
