package cardmodel

import (
	"fmt"
	"slices"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
)

// CtxSwitchRounds are the round trips per batch offered on the context switch card.
var CtxSwitchRounds = []string{"5,000", "20,000", "100,000"}

// CtxSwitchRun is what one run of the ctxswitch demo showed: each kind's batches so far, and the
// final result once it came.
type CtxSwitchRun struct {
	Core    int
	Batches map[string][]float64 // "thread", "process": ns per switch of each counted batch
	Result  demos.Event
}

// NewCtxSwitchRun returns an empty run.
func NewCtxSwitchRun() *CtxSwitchRun { return &CtxSwitchRun{Core: -1, Batches: map[string][]float64{}} }

// Apply takes one event of the run and reports whether anything shown changed.
func (c *CtxSwitchRun) Apply(e demos.Event) bool {
	switch e.Kind() {
	case "ready":
		c.Core, _ = e.Int("core")
	case "batch":
		if e["warmup"] == true {
			return false
		}
		if ns, ok := e.Float("switch_ns"); ok {
			k := e.String("kind")
			c.Batches[k] = append(c.Batches[k], ns)
		}
	case "result":
		c.Result = e
	default:
		return false
	}
	return true
}

// median returns kind's figure: the result's once in, else the median of the batches so far.
func (c *CtxSwitchRun) median(kind string) float64 {
	if c.Result != nil {
		v, _ := c.Result.Float(kind + "_switch_ns")
		return v
	}
	b := slices.Clone(c.Batches[kind])
	if len(b) == 0 {
		return 0
	}
	slices.Sort(b)
	return b[len(b)/2]
}

// Bars draws one switch between threads against one between processes, in nanoseconds.
func (c *CtxSwitchRun) Bars() []model.Bar {
	var out []model.Bar
	for i, k := range []string{"thread", "process"} {
		v := c.median(k)
		text := "not measured"
		if v > 0 {
			text = fmt.Sprintf("%s ns (median of %s)", model.FormatCount(v), model.Plural(len(c.Batches[k]), "batch", "batches"))
		}
		out = append(out, model.Bar{Label: []string{"between two threads", "between two processes"}[i], Value: v, Text: text, Tone: model.Tone(i)})
	}
	return out
}

// Verdict says in words what the run showed.
func (c *CtxSwitchRun) Verdict() string {
	t, p := c.median("thread"), c.median("process")
	if t <= 0 || p <= 0 {
		return "Run it: the same hand-off between two threads and between two processes, everything on one core."
	}
	s := fmt.Sprintf("A process switch took %s the time of a thread switch:", model.FormatRatio(p, t))
	switch {
	case p/t >= 1.5:
		s += " changing address space costs clearly more here."
	case p/t >= 0.9:
		s += " a small gap, as most of a switch is the same work for both."
	default:
		s += " processes were no slower here."
	}
	if c.Result != nil {
		if r, ok := c.Result.Float("thread_switches_per_round"); ok {
			s += fmt.Sprintf(" The kernel counted %.2f switches per round trip (2 expected)", r)
			if c.Result["all_on_core"] == true {
				s += fmt.Sprintf(", all on core %d", c.Core)
			}
			s += "."
		}
	}
	return s
}
