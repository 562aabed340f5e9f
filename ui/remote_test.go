package ui

import (
	"context"
	"errors"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/serve"
	"github.com/taskscope/taskscope/ui/model"
)

// TestRemoteWindow opens the window on a real agent's stream: the header names the remote host
// and says it is remote, rows come from the stream, the Demos tab is off, and a stopped agent
// shows as a lost connection in the header and the status line, not as a frozen view.
func TestRemoteWindow(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	agent, err := serve.New(serve.Config{Interval: 50 * time.Millisecond, Token: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	go agent.Serve(ln)
	stopAgent := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		agent.Shutdown(ctx)
	}
	defer stopAgent()

	r, err := model.NewRemote("http://"+ln.Addr().String(), "tok")
	if err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	m := newMainWindow(a, r, options{}, runOptions{})
	// The remote source reports its status from its own goroutines: their UI work is queued
	// and run here, on the test's goroutine, as the real driver runs it on the UI's (CI saw
	// two goroutines shape text at once and the shaper panic).
	uiWork := make(chan func(), 1024)
	m.do = func(f func()) { uiWork <- f }
	m.win.Resize(fyne.NewSize(1400, 900))
	m.win.Show()
	defer m.win.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	attachRemote(ctx, m, r)

	until := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			m.work.Sample()
			drain(m)
			for len(uiWork) > 0 {
				(<-uiWork)()
			}
			var ok bool
			fyne.DoAndWait(func() { ok = cond() })
			if ok {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s (header %q, connection %q, status %q)", what,
					m.header.host.Text, m.header.conn.Text, m.status.Text)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	until("rows from the agent", func() bool {
		return strings.HasPrefix(m.header.host.Text, "Remote: ") && strings.Contains(m.header.conn.Text, "live from") &&
			len(shownRows(m)) > 0
	})
	if strings.HasPrefix(m.status.Text, "Remote: ") {
		t.Errorf("connected, yet the status line says %q", m.status.Text)
	}
	if !strings.Contains(m.header.host.Text, ln.Addr().String()) || m.header.conn.Hidden {
		t.Errorf("header %q, connection %q (hidden %v)", m.header.host.Text, m.header.conn.Text, m.header.conn.Hidden)
	}
	if !strings.Contains(m.win.Title(), "(remote)") {
		t.Errorf("title %q", m.win.Title())
	}
	if _, demos := findLabel(m.tabs.Items[2].Content, "Demos are off"); !demos {
		t.Error("the Demos tab is not off")
	}
	if _, off := findLabel(m.tabs.Items[3].Content, "Tracing is off"); !off || m.detail.Sched.Box.Visible() {
		t.Errorf("the Timeline tab (%v) or pin and nice (hidden %v) are not off", off, !m.detail.Sched.Box.Visible())
	}
	// The Cores caption says who samples and how often: the agent, at its interval, on its
	// host; not the 10 Hz watch, which only this machine has.
	cores := m.builtTab("cores")
	host, _ := os.Hostname()
	if l, ok := findLabel(cores, "Sampled every 50 ms by the agent on "+host); !ok {
		t.Errorf("Cores caption on a remote host: %q", l)
	}
	if l, ok := findLabel(cores, "ten times a second"); ok {
		t.Errorf("Cores caption on a remote host speaks of the 10 Hz watch: %q", l)
	}
	// The Demos menu's launch key says why not, and starts nothing.
	for _, menu := range m.menus.main.Items {
		if menu.Label == "Demos" {
			for _, it := range menu.Items {
				if !it.IsSeparator && it.Label == "Launch the shown demo" {
					it.Action()
					if !it.Disabled || !strings.Contains(m.status.Text, "Demos are off") {
						t.Errorf("launch item: disabled %v, status %q", it.Disabled, m.status.Text)
					}
				}
			}
		}
	}

	stopAgent()
	until("the loss to show", func() bool {
		return strings.Contains(m.header.conn.Text, "lost") && strings.Contains(m.status.Text, "retrying in")
	})
	if m.header.conn.Importance != widget.DangerImportance || len(shownRows(m)) == 0 {
		t.Errorf("lost: importance %v, %d rows still shown", m.header.conn.Importance, len(shownRows(m)))
	}
}

func TestSourceErrorText(t *testing.T) {
	if got := sourceErrorText(errors.New("EACCES")); got != "Could not read /proc: EACCES" {
		t.Errorf("live: %q", got)
	}
	r, _ := model.NewRemote("http://127.0.0.1:1", "")
	_, err := r.Sample()
	if got := sourceErrorText(err); !strings.HasPrefix(got, "Remote: connecting to http://127.0.0.1:1") {
		t.Errorf("remote: %q", got)
	}
}

func TestRemoteFlags(t *testing.T) {
	var errb strings.Builder
	if _, err := parseFlags([]string{"--token-file", "/x"}, &errb); err == nil || !strings.Contains(errb.String(), "goes with --remote") {
		t.Errorf("--token-file alone: %v, %q", err, errb.String())
	}
	o, err := parseFlags([]string{"--remote", "http://lab:9256", "--token-file", "/nonexistent"}, &errb)
	if err != nil || o.remote != "http://lab:9256" {
		t.Fatalf("parse: %+v %v", o, err)
	}
	if _, _, err := openSource(o); err == nil || !strings.Contains(err.Error(), "token file") {
		t.Errorf("missing token file: %v", err)
	}
	if _, _, err := openSource(options{remote: "lab:9256"}); err == nil || !strings.Contains(err.Error(), "not an agent URL") {
		t.Errorf("URL without scheme: %v", err)
	}
	if src, live, err := openSource(options{remote: "https://lab:9256/"}); err != nil || live {
		t.Errorf("good URL: %v %v %v", src, live, err)
	}
	for _, args := range [][]string{{"--ca-file", "/x"}, {"--remote", "http://lab:9256", "--ca-file", "/x"}} {
		errb.Reset()
		if _, err := parseFlags(args, &errb); err == nil || !strings.Contains(errb.String(), "--ca-file goes with --remote https://") {
			t.Errorf("%q: %v, %q", args, err, errb.String())
		}
	}
	o, err = parseFlags([]string{"--remote", "https://lab:9256", "--ca-file", "/nonexistent.pem"}, &errb)
	if err != nil || o.caFile != "/nonexistent.pem" {
		t.Fatalf("parse --ca-file: %+v %v", o, err)
	}
	if _, _, err := openSource(o); !errors.Is(err, model.ErrCAFile) {
		t.Errorf("missing CA file: %v, want ErrCAFile", err)
	}
}
