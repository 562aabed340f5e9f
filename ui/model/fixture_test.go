package model

import (
	"testing"
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/trace"
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

// loadTrace reads one of the recorded traces in testdata (see modeltest.LoadTrace).
func loadTrace(t testing.TB, name string) *trace.Trace {
	return modeltest.LoadTrace(t, "testdata/"+name)
}
