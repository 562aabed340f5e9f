package cardmodel

import (
	"github.com/taskscope/taskscope/ui/model/modeltest"
)

// The shared fixtures of ui/model's tests, under the short names the card models' tests use.
var (
	t0           = modeltest.T0
	ev           = modeltest.Ev
	wantContains = modeltest.WantContains
	browserStart = modeltest.BrowserStart
)
