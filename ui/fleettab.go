package ui

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"fyne.io/fyne/v2/container"

	"github.com/taskscope/taskscope/fleet"
	fleettab "github.com/taskscope/taskscope/ui/fleet"
	"github.com/taskscope/taskscope/ui/widgets"
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

// startFleetTab appends the Fleet tab, selects it and starts its refreshes until ctx ends.
func (m *mainWindow) startFleetTab(ctx context.Context, c *fleet.Client, o options) {
	t := fleettab.New(c, func(url string) error { return openAgentWindow(url, o) })
	m.tabs.Append(container.NewTabItem("Fleet", widgets.NewTabPage(t.Content())))
	m.tabs.SelectIndex(len(m.tabs.Items) - 1)
	t.Start(ctx)
}

// openAgentWindow shows a host live through its agent, as `taskscope --remote URL` does, in a
// process of its own: one window per host, each closed on its own.
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
