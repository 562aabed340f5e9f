package ui

import (
	"context"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// source is what the window needs of the sampler. inspect.Sampler satisfies it; tests use
// fixture snapshots instead.
type source interface {
	Sample() (*inspect.Snapshot, error)
	MemoryOf(pid int, startTicks uint64) inspect.MemoryBreakdown
}

// frame is what the worker hands to the UI: a snapshot with its rows already built, and the
// memory of the selected process when it was read. Nothing in it is written after hand-over.
type frame struct {
	snap  *inspect.Snapshot // nil on a memory-only frame
	model *rowModel         // nil while frozen: only history wants live samples then
	live  bool              // a new sample, not a rebuild of one already seen
	mem   *memReading
	// detail describes the selected process in snap; nil when nothing is selected or no
	// rows were built.
	detail *detailModel
	err    error
	// reply, when set, answers a request a view posted (a demo's memory); it runs on the UI
	// goroutine and the frame carries nothing else.
	reply func()
}

// memReading is the memory breakdown of one process, tagged with whose it is so a reading that
// arrives after the selection moved on is not shown under another process.
type memReading struct {
	key inspect.TaskKey
	mem inspect.MemoryBreakdown
}

// worker is the one goroutine that reads /proc: it samples on a ticker, builds and sorts the
// rows, reads the selected process's memory, and sends signals. The UI talks to it only by
// posting jobs, and it answers only through deliver, so neither side shares mutable state.
type worker struct {
	src     source
	jobs    chan func(*worker)
	deliver func(frame) // wraps fyne.Do in the app; tests call straight through

	// Owned by the worker goroutine.
	opts     viewOptions
	sel      inspect.TaskKey
	hasSel   bool
	frozen   bool
	interval time.Duration
	last     *inspect.Snapshot
	shown    *inspect.Snapshot // the snapshot of the last rows built: what the UI displays
	ticker   *time.Ticker
	// early carries the first sample when prefetch started it before run.
	early chan sampled
}

// sampled is the outcome of one Sample call.
type sampled struct {
	s   *inspect.Snapshot
	err error
}

func newWorker(src source, interval time.Duration, opts viewOptions, deliver func(frame)) *worker {
	return &worker{src: src, jobs: make(chan func(*worker), 32), deliver: deliver, opts: opts, interval: interval}
}

// prefetch starts the first sample at once, on a goroutine of its own, so that reading /proc
// overlaps building and opening the window; run takes it as its first sample. Until run has
// received it, nothing else may use src.
func (w *worker) prefetch() {
	ch := make(chan sampled, 1)
	w.early = ch
	go func() {
		s, err := w.src.Sample()
		ch <- sampled{s, err}
	}()
}

// post runs fn on the worker goroutine, in order with other jobs.
func (w *worker) post(fn func(*worker)) { w.jobs <- fn }

// run samples until ctx is done.
func (w *worker) run(ctx context.Context) {
	w.ticker = time.NewTicker(w.interval)
	defer w.ticker.Stop()
	// The first sample has no rates (everything reads 0 %); a second one soon after fills them
	// in without waiting a whole 5 s interval.
	wait := min(w.interval, 400*time.Millisecond)
	if w.early != nil {
		r := <-w.early
		w.early = nil
		w.take(r.s, r.err)
		if r.s != nil {
			wait = max(0, wait-time.Since(r.s.Taken)) // taken while the window opened
		}
	} else {
		w.sample()
	}
	soon := time.After(wait)
	for {
		select {
		case <-ctx.Done():
			return
		case <-soon:
			w.sample()
		case <-w.ticker.C:
			w.sample()
		case job := <-w.jobs:
			job(w)
		}
	}
}

func (w *worker) sample() {
	s, err := w.src.Sample()
	w.take(s, err)
}

// take hands a new sample to the UI, with rows built for it unless the display is frozen.
func (w *worker) take(s *inspect.Snapshot, err error) {
	if err != nil {
		w.deliver(frame{err: err})
		return
	}
	w.last = s
	f := frame{snap: s, live: true, mem: w.readMemory()}
	if !w.frozen {
		f.model = buildRows(s, w.opts)
		f.detail = w.describe(s)
		w.shown = s
	}
	w.deliver(f)
}

func (w *worker) describe(s *inspect.Snapshot) *detailModel {
	if !w.hasSel || s == nil {
		return nil
	}
	return buildDetail(s, w.sel)
}

func (w *worker) readMemory() *memReading {
	if !w.hasSel {
		return nil
	}
	return &memReading{key: w.sel, mem: w.src.MemoryOf(w.sel.ID, w.sel.StartTicks)}
}

// setInterval changes the refresh interval.
func (w *worker) setInterval(d time.Duration) {
	w.interval = d
	if w.ticker != nil {
		w.ticker.Reset(d)
	}
}

// rebuild builds rows from s (the newest sample when nil) under new options and delivers them
// at once, so a click on a header does not wait for the next tick.
func (w *worker) rebuild(s *inspect.Snapshot, o viewOptions) {
	w.opts = o
	if s == nil {
		s = w.last
	}
	if s == nil {
		return
	}
	w.shown = s
	w.deliver(frame{snap: s, model: buildRows(s, o), detail: w.describe(s)})
}

// selectProcess changes whose memory is read, and reads it now.
func (w *worker) selectProcess(k inspect.TaskKey, ok bool) {
	w.sel, w.hasSel = k, ok
	if ok {
		w.deliver(frame{mem: w.readMemory(), detail: w.describe(w.shown)})
	}
}

// setFrozen stops building rows for live samples while the display is held; history still
// receives every sample.
func (w *worker) setFrozen(on bool) { w.frozen = on }

// memoryOfPIDs reads the memory breakdown of each PID the newest sample knows, checked against
// its start time so a reused PID is never read as the process asked for. A PID not yet sampled
// (a demo child a few milliseconds old) or no longer readable is left out.
func (w *worker) memoryOfPIDs(pids []int) map[int]inspect.MemoryBreakdown {
	out := make(map[int]inspect.MemoryBreakdown, len(pids))
	if w.last == nil {
		return out
	}
	for _, pid := range pids {
		p, ok := w.last.Find(pid)
		if !ok {
			continue
		}
		if m := w.src.MemoryOf(pid, p.StartTicks); m.Available {
			out[pid] = m
		}
	}
	return out
}
