package model

import (
	"errors"

	"github.com/taskscope/taskscope/fleet"
)

// ErrNoHostOpener is returned by OpenHost when the window has given no way to open a host.
var ErrNoHostOpener = errors.New("this window cannot open hosts")

// fleetState is what the Fleet tab reads through the State: the Prometheus client of
// --prometheus, and the window's way of showing one of its hosts live.
type fleetState struct {
	client *fleet.Client
	open   func(agentURL string) error
}

// SetFleet gives the Fleet tab its Prometheus client and the window's way of opening a host's
// agent live (open gets the agent's URL and says why it could not). The window calls it once,
// before the tab is built.
func (st *State) SetFleet(c *fleet.Client, open func(agentURL string) error) {
	st.fleet = fleetState{client: c, open: open}
}

// Fleet is the Prometheus client of --prometheus, or nil when the window reads no fleet.
func (st *State) Fleet() *fleet.Client { return st.fleet.client }

// OpenHost shows the host of the agent at agentURL live, as `taskscope --remote` does, in the
// way the window chose (SetFleet); it returns why not, ErrNoHostOpener when there is no way.
func (st *State) OpenHost(agentURL string) error {
	if st.fleet.open == nil {
		return ErrNoHostOpener
	}
	return st.fleet.open(agentURL)
}
