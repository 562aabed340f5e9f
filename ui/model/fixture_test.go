package model

import (
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model/modeltest"
)

// The shared fixtures, under short names.
var (
	t0           = modeltest.T0
	fixture      = modeltest.Fixture
	ev           = modeltest.Ev
	wantContains = modeltest.WantContains
	browserStart = modeltest.BrowserStart
)

// crunchSample is modeltest.CrunchSample at the watch's interval.
func crunchSample(at time.Time, c2 int) *inspect.WatchSample {
	return modeltest.CrunchSample(at, WatchEvery, c2)
}
