package model

import (
	"slices"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

const (
	// WatchEvery is the watch's sampling interval: ten times a second.
	WatchEvery = 100 * time.Millisecond
	// watchIdle is how long the watch keeps reading when none of its processes is alive.
	watchIdle = 2 * time.Second
)

// watchState is the worker's 10 Hz watch of a few processes (the Cores tab's watch set, which
// State chooses). It ticks only while there is something to watch and the source is a Watcher,
// and stops when the set is empty or every process in it has ended.
type watchState struct {
	keys   []inspect.TaskKey
	ticker *time.Ticker
	tick   <-chan time.Time // nil while stopped, so Run's select never wakes for it
	// gone holds keys found ended, so a stale selection does not start the watch again.
	gone      map[inspect.TaskKey]bool
	deadSince time.Time
	every     time.Duration
}

// SetWatch replaces the set of watched processes, starting or stopping the watch.
func (w *Worker) SetWatch(keys []inspect.TaskKey) {
	ws := &w.watch
	keys = slices.DeleteFunc(slices.Clone(keys), func(k inspect.TaskKey) bool { return ws.gone[k] })
	if slices.Equal(keys, ws.keys) {
		return
	}
	ws.keys = keys
	if _, ok := w.src.(Watcher); !ok {
		return
	}
	switch {
	case len(keys) > 0 && ws.ticker == nil:
		every := ws.every
		if every <= 0 {
			every = WatchEvery
		}
		ws.ticker = time.NewTicker(every)
		ws.tick = ws.ticker.C
		ws.deadSince = time.Time{}
	case len(keys) == 0:
		w.stopWatch()
	}
}

// stopWatch stops the ticker and has the source release the watch's files.
func (w *Worker) stopWatch() {
	ws := &w.watch
	if ws.ticker == nil {
		return
	}
	ws.ticker.Stop()
	ws.ticker, ws.tick = nil, nil
	if src, ok := w.src.(Watcher); ok {
		src.StopWatching()
	}
}

// watchSample reads the watched processes once and delivers the reading. When none of them has
// been alive for watchIdle, they are remembered as ended and the watch stops.
func (w *Worker) watchSample() {
	ws := &w.watch
	src, ok := w.src.(Watcher)
	if !ok || len(ws.keys) == 0 {
		w.stopWatch()
		return
	}
	s, err := src.Watch(ws.keys)
	if err != nil {
		w.stopWatch() // until the set changes
		return
	}
	if len(s.Processes) == 0 {
		if ws.deadSince.IsZero() {
			ws.deadSince = s.Taken
		} else if s.Taken.Sub(ws.deadSince) > watchIdle {
			for _, k := range ws.keys {
				ws.gone[k] = true
			}
			ws.keys = nil
			w.stopWatch()
		}
		return
	}
	ws.deadSince = time.Time{}
	w.deliver(Frame{Watch: s})
}
