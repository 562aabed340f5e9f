package claims

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/taskscope/taskscope/demos"
)

// Options tune a measurement.
type Options struct {
	// Short makes every run smaller, for tests: the figures are rougher, the verdict rules the same.
	Short bool
	// Launcher starts the demos; nil uses one of the measurement's own. A window passes its own,
	// so the claims' demos count against the same memory budget as the ones it shows.
	Launcher *demos.Launcher
	// Python is the Python the python and forkcow demos run; "" is python3 on PATH.
	Python string
	// Limit, when above zero, lowers every run's time limit to it (each run has its own limit,
	// 30 to 50 s, which is what holds otherwise).
	Limit time.Duration
	// OnEvent, when set, is called with the start of every demo run and then with each of its
	// events as it arrives, up to the launcher's "exited": a recording of the measurement
	// replays the runs from them as the demos' cards show runs. It is called from the runs'
	// goroutines (two runs may go at once), must return quickly, and changes nothing of what
	// is measured.
	OnEvent func(RunEvent)
}

// The order runs go in. Timing runs go one after another, so that none slows another down; the
// others (whose figures are counts and bytes, not times) run beside them, all within the first
// few seconds, while the timing lane does procrace, whose figures are counts too. The quickest
// come first, so the table fills in early.
var (
	timingOrder = []string{"procrace-none", "procrace-lock", "procrace-atomic", "ctxswitch", "cost", "singlecore", "python"}
	sideOrder   = []string{"browser-threads", "browser-processes", "forkcow"}
)

// Measure measures one claim and returns its result; an unknown id gives a Result with an Error.
// Cancelling ctx stops the measurement's demos.
func Measure(ctx context.Context, id string, o Options) Result {
	var last Result
	for r := range MeasureIDs(ctx, o, id) {
		last = r
	}
	return last
}

// MeasureAll measures every claim. Each result comes on the channel as soon as its figures are
// in, so a view can fill its rows one by one; the channel closes when all are done. On two cores
// it takes about half a minute.
func MeasureAll(ctx context.Context, o Options) <-chan Result { return MeasureIDs(ctx, o, IDs()...) }

// MeasureIDs measures the given claims, sharing runs between claims that need the same demo,
// and sends each result as soon as it is known. Unknown IDs come back at once with an Error.
func MeasureIDs(ctx context.Context, o Options, ids ...string) <-chan Result {
	out := make(chan Result, len(ids))
	go func() {
		defer close(out)
		start := time.Now()
		l := o.Launcher
		if l == nil {
			l = demos.NewLauncher()
			defer l.StopAll()
		}
		var pending []Claim
		need := map[string]bool{}
		for _, id := range ids {
			c, ok := Lookup(id)
			if !ok {
				out <- Result{ID: id, Error: fmt.Sprintf("no claim %q; the claims are %s", id, strings.Join(IDs(), ", "))}
				continue
			}
			if slices.ContainsFunc(pending, func(p Claim) bool { return p.ID == id }) {
				continue
			}
			pending = append(pending, c)
			for _, k := range c.runs {
				need[k] = true
			}
		}
		var mu sync.Mutex
		done := outcomes{}
		finished := func(key string, got outcome) {
			mu.Lock()
			defer mu.Unlock()
			done[key] = got
			var still []Claim
			for _, c := range pending {
				if !allIn(done, c.runs) {
					still = append(still, c)
					continue
				}
				r := evaluate(c, done)
				r.Took = time.Since(start)
				out <- r
			}
			pending = still
		}
		lane := func(order []string) {
			for _, key := range order {
				if !need[key] {
					continue
				}
				if ctx.Err() != nil {
					finished(key, outcome{err: fmt.Errorf("measurement cancelled: %w", ctx.Err())})
					continue
				}
				finished(key, startRun(ctx, l, runs[key], o))
			}
		}
		var wg sync.WaitGroup
		wg.Go(func() { lane(timingOrder) })
		wg.Go(func() { lane(sideOrder) })
		wg.Wait()
	}()
	return out
}

func allIn(done outcomes, keys []string) bool {
	for _, k := range keys {
		if _, ok := done[k]; !ok {
			return false
		}
	}
	return true
}

// evaluate builds claim c's figures from the runs and judges them.
func evaluate(c Claim, done outcomes) Result {
	r := Result{ID: c.ID, Runs: map[string][]demos.Event{}}
	for _, k := range c.runs {
		r.Runs[k] = done[k].events
	}
	f, err := c.figures(done)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	r.Figures = f
	v, why, err := Judge(c.ID, f)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	r.Verdict, r.Why = v, why
	return r
}
