package model

import (
	"context"
	"errors"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
)

// Frame is what the worker hands to the UI: a snapshot with its rows already built, the memory
// of the selected process when it was read, a reading of the 10 Hz watch, or the answer to a
// request. Nothing in it is written after hand-over.
type Frame struct {
	Snap *inspect.Snapshot // nil on a frame without a sample
	Rows *RowModel         // nil while frozen: only history wants live samples then
	Live bool              // a new sample, not a rebuild of one already seen
	Mem  *MemReading
	// Detail describes the selected process in Snap; nil when nothing is selected or no
	// rows were built.
	Detail *DetailModel
	// Watch is a reading of the watched processes (the Cores tab's lanes).
	Watch *inspect.WatchSample
	Err   error
	// Reply, when set, answers a request a view posted (a demo's memory, a signal's outcome);
	// it runs on the UI goroutine and the frame carries nothing else.
	Reply func()
}

// MemReading is the memory breakdown of one process, tagged with whose it is so a reading that
// arrives after the selection moved on is not shown under another process.
type MemReading struct {
	Key inspect.TaskKey
	Mem inspect.MemoryBreakdown
}

// Worker is the one goroutine that reads the Source: it samples on a ticker, builds and sorts
// the rows, reads the selected process's memory, runs the 10 Hz watch, and sends signals. The UI
// talks to it only by posting jobs, and it answers only through deliver, so neither side shares
// mutable state.
type Worker struct {
	src     Source
	jobs    chan func(*Worker)
	deliver func(Frame) // wraps fyne.Do in the app; tests call straight through

	// Owned by the worker goroutine.
	opts     Options
	sel      inspect.TaskKey
	hasSel   bool
	frozen   bool
	interval time.Duration
	last     *inspect.Snapshot
	shown    *inspect.Snapshot // the snapshot of the last rows built: what the UI displays
	ticker   *time.Ticker
	// early carries the first sample when Prefetch started it before Run.
	early chan sampled
	watch watchState
}

// sampled is the outcome of one Sample call.
type sampled struct {
	s   *inspect.Snapshot
	err error
}

// NewWorker returns a worker over src that refreshes every interval and builds rows for o,
// handing its frames to deliver.
func NewWorker(src Source, interval time.Duration, o Options, deliver func(Frame)) *Worker {
	return &Worker{src: src, jobs: make(chan func(*Worker), 32), deliver: deliver, opts: o, interval: interval,
		watch: watchState{gone: map[inspect.TaskKey]bool{}}}
}

// Prefetch starts the first sample at once, on a goroutine of its own, so that reading /proc
// overlaps building and opening the window; Run takes it as its first sample. Until Run has
// received it, nothing else may use the source.
func (w *Worker) Prefetch() {
	ch := make(chan sampled, 1)
	w.early = ch
	go func() {
		s, err := w.src.Sample()
		ch <- sampled{s, err}
	}()
}

// Post runs fn on the worker goroutine, in order with other jobs.
func (w *Worker) Post(fn func(*Worker)) { w.jobs <- fn }

// RunPending runs the jobs posted so far on the calling goroutine, for a worker driven by hand
// (tests) instead of by Run.
func (w *Worker) RunPending() {
	for {
		select {
		case job := <-w.jobs:
			job(w)
		default:
			return
		}
	}
}

// Run samples until ctx is done.
func (w *Worker) Run(ctx context.Context) {
	w.ticker = time.NewTicker(w.interval)
	defer w.ticker.Stop()
	defer w.stopWatch()
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
		w.Sample()
	}
	soon := time.After(wait)
	for {
		select {
		case <-ctx.Done():
			return
		case <-soon:
			w.Sample()
		case <-w.ticker.C:
			w.Sample()
		case <-w.watch.tick:
			w.watchSample()
		case job := <-w.jobs:
			job(w)
		}
	}
}

// Sample takes one sample now and delivers it.
func (w *Worker) Sample() {
	s, err := w.src.Sample()
	w.take(s, err)
}

// take hands a new sample to the UI, with rows built for it unless the display is frozen.
func (w *Worker) take(s *inspect.Snapshot, err error) {
	if errors.Is(err, ErrNoNews) {
		return // a remote source had nothing new: the display stays as it is
	}
	if err != nil {
		w.deliver(Frame{Err: err})
		return
	}
	w.last = s
	f := Frame{Snap: s, Live: true, Mem: w.readMemory()}
	if !w.frozen {
		f.Rows = w.buildRows(s, w.opts)
		f.Detail = w.describe(s)
		w.shown = s
	}
	w.deliver(f)
}

func (w *Worker) describe(s *inspect.Snapshot) *DetailModel {
	if !w.hasSel || s == nil {
		return nil
	}
	d := BuildDetail(s, w.sel)
	if d.Found {
		d.Refusal = w.offered(w.sel.ID)
	}
	return d
}

// Refuser is a Source that decides itself which processes it will not signal: a remote agent
// follows its own rules, not this machine's (whose PID is not the agent's).
type Refuser interface {
	Refusal(pid int) string
}

// refusal says why process pid of the source may not be signalled, or "" when it may.
func (w *Worker) refusal(pid int) string {
	if r, ok := w.src.(Refuser); ok {
		return r.Refusal(pid)
	}
	return Refusal(pid)
}

// offered is the refusal the detail pane shows: refusal, and for a recording a reason of its
// own. (Only a recording: other sources that cannot signal answer a confirmed request with
// ErrNoSignals, which the status line shows.)
func (w *Worker) offered(pid int) string {
	if r := w.refusal(pid); r != "" {
		return r
	}
	if _, ok := w.src.(*Replay); ok {
		// A recording's processes are not this machine's: the buttons are off and say why.
		return "Signals are off: this is a recording, not the live machine."
	}
	return ""
}

func (w *Worker) readMemory() *MemReading {
	if !w.hasSel {
		return nil
	}
	return &MemReading{Key: w.sel, Mem: w.src.MemoryOf(w.sel.ID, w.sel.StartTicks)}
}

// SetInterval changes the refresh interval.
func (w *Worker) SetInterval(d time.Duration) {
	w.interval = d
	if w.ticker != nil {
		w.ticker.Reset(d)
	}
}

// Rebuild builds rows from s (the newest sample when nil) under new options and delivers them
// at once, so a click on a header does not wait for the next tick.
func (w *Worker) Rebuild(s *inspect.Snapshot, o Options) {
	w.opts = o
	if s == nil {
		s = w.last
	}
	if s == nil {
		return
	}
	w.shown = s
	w.deliver(Frame{Snap: s, Rows: w.buildRows(s, o), Detail: w.describe(s)})
}

// buildRows builds the rows of s for o, marking this app's process only where the source
// knows it (the live machine's own).
func (w *Worker) buildRows(s *inspect.Snapshot, o Options) *RowModel {
	o.Self = SelfOf(w.src)
	return BuildRows(s, o)
}

// SelectProcess changes whose memory is read, and reads it now.
func (w *Worker) SelectProcess(k inspect.TaskKey, ok bool) {
	w.sel, w.hasSel = k, ok
	if ok {
		w.deliver(Frame{Mem: w.readMemory(), Detail: w.describe(w.shown)})
	}
}

// SetFrozen stops building rows for live samples while the display is held; history still
// receives every sample.
func (w *Worker) SetFrozen(on bool) { w.frozen = on }

// Reply delivers fn to run on the UI goroutine, as the answer to a request.
func (w *Worker) Reply(fn func()) { w.deliver(Frame{Reply: fn}) }

// MemoryOfPIDs reads the memory breakdown of each PID the newest sample knows, checked against
// its start time so a reused PID is never read as the process asked for. A PID not yet sampled
// (a demo child a few milliseconds old) or no longer readable is left out.
func (w *Worker) MemoryOfPIDs(pids []int) map[int]inspect.MemoryBreakdown {
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

// Signal sends sig to process k, unless Taskscope refuses to (Refusal, or the source's own
// Refuser) or the source cannot
// (ErrNoSignals); the source checks k's start time first.
func (w *Worker) Signal(k inspect.TaskKey, sig unix.Signal) error {
	if r := w.refusal(k.ID); r != "" {
		return refused{r}
	}
	s, ok := w.src.(Signaller)
	if !ok {
		return ErrNoSignals
	}
	return s.Signal(k, sig)
}
