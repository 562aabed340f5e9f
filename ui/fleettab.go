package ui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/taskscope/taskscope/fleet"
	fleettab "github.com/taskscope/taskscope/ui/fleet"
)

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
