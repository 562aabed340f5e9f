package claims

import (
	"context"
	"fmt"
	"time"

	"github.com/taskscope/taskscope/demos"
)

// The browser runs drive the browser demo as a lecturer would: three tabs, a value written in
// tab 1, every tab asked what it reads, then tab 2 crashed for real. Their "result" is made here
// from the demo's events, since the browser demo runs until it is told to stop.

const (
	browserTabs = 3
	// browserValue is written by tab 1; the tabs start out reading 0.
	browserValue = 4242
	// browserSettle is how long the tabs get to notice a write (they look every 200 ms).
	browserSettle = 600 * time.Millisecond
	// browserAnswer bounds the wait for the tabs' answers, or for a crash to show.
	browserAnswer = 5 * time.Second
)

func browserRun(model string) run {
	return run{demo: "browser", limit: 30 * time.Second,
		args: func(Options) []string {
			return []string{"--model", model, "--tabs", fmt.Sprint(browserTabs), "--page-mib", "1"}
		},
		drive: func(ctx context.Context, r *demos.Running, seen *eventLog) ([]demos.Event, error) {
			return driveBrowser(ctx, r, model, seen)
		}}
}

// browserWatch follows one browser demo's events.
type browserWatch struct {
	r       *demos.Running
	seen    *eventLog
	values  map[int]int64  // the last value each tab reported
	address map[int]string // the address each tab reported for the shared variable
	answers map[int]int    // read events per tab since the last ask
	ended   demos.Event    // the launcher's "exited" event, once the demo has ended
}

// driveBrowser returns one made-up "result" event: model, tabs, other_tabs_saw_write,
// same_address, tabs_lost, ended (how the demo ended after the crash: "killed by SIGSEGV", or
// "still running").
func driveBrowser(ctx context.Context, r *demos.Running, model string, seen *eventLog) ([]demos.Event, error) {
	w := &browserWatch{r: r, seen: seen, values: map[int]int64{}, address: map[int]string{}, answers: map[int]int{}}
	alive := map[int]bool{}
	if err := w.until(ctx, browserAnswer*2, func(ev demos.Event) bool {
		if n, _ := ev.Int("tab"); ev.Kind() == "tab" && ev.String("state") == "alive" {
			alive[n] = true
		}
		return len(alive) == browserTabs
	}); err != nil {
		return nil, fmt.Errorf("browser (%s): tabs did not open: %w", model, err)
	}

	// The write, then every tab's own answer to "what do you read?".
	v := int64(browserValue)
	if err := r.Send(demos.Command{Cmd: "write", Tab: 1, Value: &v}); err != nil {
		return nil, err
	}
	if err := w.until(ctx, browserSettle, func(demos.Event) bool { return false }); err != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err := w.ask(ctx, browserTabs); err != nil {
		return nil, fmt.Errorf("browser (%s): tabs did not answer: %w", model, err)
	}
	saw := 0
	sameAddress := true
	for n := 2; n <= browserTabs; n++ {
		if w.values[n] == browserValue {
			saw++
		}
		if w.address[n] == "" || w.address[n] != w.address[1] {
			sameAddress = false
		}
	}

	// A real fault in tab 2; then who is left to answer.
	if err := r.Send(demos.Command{Cmd: "crash", Tab: 2}); err != nil {
		return nil, err
	}
	// The browser itself reports a tab process that died; when the whole demo died instead, the
	// launcher reports every tab crashed and then the demo's end, which is what to wait for.
	_ = w.until(ctx, browserAnswer, func(ev demos.Event) bool {
		n, _ := ev.Int("tab")
		return ev.Kind() == "crashed" && n == 2 && ev.String("source") != "launcher"
	})
	answering := 0
	if w.ended == nil {
		_ = w.ask(ctx, browserTabs-1) // the tabs still alive answer; a timeout means fewer are
		for n := 1; n <= browserTabs; n++ {
			if w.answers[n] > 0 {
				answering++
			}
		}
	}
	res := demos.Event{"event": "result", "model": model, "tabs": browserTabs,
		"other_tabs_saw_write": saw, "same_address": sameAddress,
		"tabs_lost": browserTabs - answering, "ended": "still running"}
	if w.ended != nil {
		res["ended"] = w.ended.String("reason")
	}
	return []demos.Event{res}, nil
}

// ask sends "read" to every tab and waits until want tabs have answered since.
func (w *browserWatch) ask(ctx context.Context, want int) error {
	clear(w.answers)
	if err := w.r.Send(demos.Command{Cmd: "read"}); err != nil {
		return err
	}
	return w.until(ctx, browserAnswer, func(demos.Event) bool { return len(w.answers) >= want })
}

// until applies events until done says so, the demo ends, or limit passes (an error).
func (w *browserWatch) until(ctx context.Context, limit time.Duration, done func(demos.Event) bool) error {
	timeout := time.After(limit)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timeout:
			return fmt.Errorf("nothing within %v", limit)
		case ev, open := <-w.r.Events():
			if !open {
				if w.ended == nil {
					w.ended = demos.Event{"reason": "ended"}
				}
				return nil
			}
			w.apply(ev)
			if w.ended != nil || done(ev) {
				return nil
			}
		}
	}
}

func (w *browserWatch) apply(ev demos.Event) {
	w.seen.add(ev)
	n, _ := ev.Int("tab")
	switch ev.Kind() {
	case "read":
		if v, ok := ev.Int("value"); ok {
			w.values[n] = int64(v)
		}
		w.address[n] = ev.String("address")
		w.answers[n]++
	case "exited":
		w.ended = ev
	}
}
