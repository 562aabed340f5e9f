package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/fleet"
	"github.com/taskscope/taskscope/serve"
	"github.com/taskscope/taskscope/ui/fleettab"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// openSource opens what the window shows: the recording named by --open, the agent named by
// --remote, or this machine. live says it is this machine (whose first sample may be taken
// while the window opens).
func openSource(o options) (src model.Source, live bool, err error) {
	if o.open != "" {
		r, err := model.OpenReplay(o.open)
		return r, false, err
	}
	if o.remote == "" {
		l, err := model.NewLive(procRoot)
		return l, true, err
	}
	token := ""
	if o.tokenFile != "" {
		if token, err = serve.ReadToken(o.tokenFile); err != nil {
			return nil, false, err
		}
	}
	r, err := model.NewRemoteCA(o.remote, token, o.caFile)
	return r, false, err
}

// sourceErrorText is the status line for a sample that failed: a remote source's errors say
// what happened to the connection; the live machine's are about /proc.
func sourceErrorText(err error) string {
	if errors.Is(err, model.ErrRemote) {
		return "Remote: " + strings.TrimPrefix(err.Error(), model.ErrRemote.Error()+": ")
	}
	return "Could not read /proc: " + err.Error()
}

// attachRemote makes the window show a remote host: the header names it and says it is
// remote, and shows the connection's state, counting down to the next attempt while it is lost.
// What acts on this machine's processes is off: the Demos, Timeline and Claims tabs (demos,
// traces and measurements run here, not on the host shown), pinning, nice and tracing in the detail pane.
func attachRemote(ctx context.Context, m *mainWindow, r *model.Remote) {
	m.header.setRemote(r.Status())
	m.st.SetSourceInfo(r.Status().SourceInfo())
	m.rec.remote = r.Status().URL
	m.win.SetTitle("Taskscope: " + r.Status().URL + " (remote)")
	offTab(m, "Demos", "Demos are off while the window shows a remote host",
		"A demo runs its threads and processes on this machine, so the remote host's view would not show them. "+
			"Run `taskscope` on the host itself to use the demos.")
	offTab(m, "Timeline", "Tracing is off while the window shows a remote host",
		"Exact traces come from this machine's kernel (perf events), not from the agent. "+
			"Run `taskscope` on the host itself to trace its threads.")
	offTab(m, "Claims", "Claims are measured on this machine, not on the remote host",
		"Each claim is measured by running demos here, which the remote host's view would not show. "+
			"Run `taskscope claims` on the host itself to measure them there.")
	// Tracing, running a program, pinning and nice act on this machine's PIDs: off, and the
	// detail pane does not offer them.
	m.detail.Sched.Box.Hide()
	if n := len(m.detail.Buttons); n > len(model.SignalChoices) {
		m.detail.Buttons[n-1].Hide() // Trace threads
	}
	m.detail.OnTrace = func() { m.setStatus("Tracing is off while the window shows a remote host.") }
	// Menu items and their keys would do the same here: each now only says why not. (Key
	// shortcuts call the item's action, so the action is replaced, not just disabled.)
	if m.menus != nil && m.menus.main != nil {
		for _, menu := range m.menus.main.Items {
			for _, it := range menu.Items {
				why := ""
				switch {
				case it.IsSeparator:
				case menu.Label == "Demos":
					why = "Demos are off while the window shows a remote host."
				case it.Label == "Run program…" || it.Label == "Trace process…":
					why = "Tracing is off while the window shows a remote host."
				}
				if why != "" {
					it.Disabled = true
					it.Action = func() { m.setStatus(why) }
				}
			}
		}
		m.menus.main.Refresh()
	}
	show := func(st model.RemoteStatus) {
		m.do(func() {
			m.header.setRemote(st)
			m.st.SetSourceInfo(st.SourceInfo())
			// The status line said why samples failed; once they arrive again it is old news.
			if st.Connected && strings.HasPrefix(m.status.Text, "Remote: ") {
				m.setStatus("")
			}
			if st.Host != "" {
				m.win.SetTitle(fmt.Sprintf("Taskscope: %s (remote)", st.Host))
			}
		})
	}
	r.OnStatus(show)
	r.Start(ctx)
	// While the connection is lost the countdown moves every second, so the header never
	// shows a stale "retrying in 4 s".
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if st := r.Status(); !st.Connected {
					show(st)
				}
			}
		}
	}()
}

// offTab replaces the content of the tab titled title with a notice saying why it is off.
func offTab(m *mainWindow, title, head, why string) {
	for _, it := range m.tabs.Items {
		if it.Text != title {
			continue
		}
		it.Content = widgets.NewTabPage(container.NewVBox(layout.NewSpacer(),
			&widget.Label{Text: head, TextStyle: fyne.TextStyle{Bold: true}, Alignment: fyne.TextAlignCenter},
			&widget.Label{Text: why, Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord},
			layout.NewSpacer()))
		m.tabs.Refresh()
	}
}

// newFleetClient is the Prometheus client of --prometheus, nil without it. The CA file goes to
// Prometheus only when its URL is https:// (it may be there for the agents alone).
func newFleetClient(o options) (*fleet.Client, error) {
	if o.prometheus == "" {
		return nil, nil
	}
	fo := fleet.Options{URL: o.prometheus, TokenFile: o.tokenFile}
	if strings.HasPrefix(strings.ToLower(o.prometheus), "https://") {
		fo.CAFile = o.caFile
	}
	c, err := fleet.New(fo)
	if err != nil {
		return nil, fmt.Errorf("--prometheus: %w", err)
	}
	return c, nil
}

// offerFleet gives the view state the Fleet tab's client and the way this window opens a
// host: a new window process on the agent, with the token, CA and presentation mode of this one.
func (m *mainWindow) offerFleet(c *fleet.Client, o options) {
	if c == nil {
		return
	}
	m.st.SetFleet(c, func(url string) error { return openAgentWindow(url, o) })
}

// fleetTab builds the Fleet tab (the table calls it the first time the tab is shown) and starts
// its refreshes, which end when the app quits.
func (m *mainWindow) fleetTab() fyne.CanvasObject {
	t := fleettab.New(m.st)
	t.OnKey = m.windowKey
	ctx, cancel := context.WithCancel(context.Background())
	m.st.OnQuit(cancel)
	t.Start(ctx)
	return t.Content()
}

// openAgentWindow shows a host live through its agent, as `taskscope --remote URL` does, in a
// new window process: one window per host, each closed on its own, while this window keeps
// the fleet (a window's source, and what it turns off for a remote host, is fixed at start).
func openAgentWindow(url string, o options) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("open %s: %w", url, err)
	}
	args := []string{"--remote", url}
	if o.tokenFile != "" {
		args = append(args, "--token-file", o.tokenFile)
	}
	if o.caFile != "" && strings.HasPrefix(url, "https://") {
		args = append(args, "--ca-file", o.caFile)
	}
	if o.presentation {
		args = append(args, "--presentation")
	}
	cmd := exec.Command(exe, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open %s: %w", url, err)
	}
	go cmd.Wait() // reap it when its window closes
	return nil
}
