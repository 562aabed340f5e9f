package lesson

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/taskscope/taskscope/claims"
	"github.com/taskscope/taskscope/demos"
)

// Outcome is one step measured: what the reveal shows and the handout records.
type Outcome struct {
	// Verdict is the claim's verdict (claim steps), "" for run steps and failures.
	Verdict string
	// Why explains the verdict, or the figures of a run, in a sentence or two.
	Why string
	// Figures are the measured values: a claim's figures as `taskscope claims --json` has
	// them; a run's parallelism, overlap_share, threads, wall_s and exact, plus the fields of
	// a JSON object the program printed as its last line.
	Figures map[string]any
	// Trace is the traced program (run steps).
	Trace *Trace
	// Runs holds every event of the claim's demo runs, by run key (claim steps): the view
	// draws the demo card's evidence from them.
	Runs map[string][]demos.Event
	// Exit is how the program ended (run steps).
	Exit string
	// Error says why the step could not be measured.
	Error string
	// Spoiled says why the figures may not be trusted ("" when they may): a busy machine or a
	// trace that missed switches. The window offers to measure again.
	Spoiled string
	// Took is how long the measurement took.
	Took time.Duration
}

// Options are what Measure needs besides the step.
type Options struct {
	// Quick asks the claims for smaller runs (rougher figures, about half the time).
	Quick bool
	// Python is the Python the claims measure ("" for python3 on PATH).
	Python string
	// OnEvent, when set, sees every event of a claim step's demo runs as it arrives (see
	// claims.Options.OnEvent): how the handout run records the runs for a replay.
	OnEvent func(claims.RunEvent)
}

// loadAverage reads the one-minute load average, or -1.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return -1
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return -1
	}
	return v
}

// spoiledByLoad says the machine was too busy for figures about cores to mean much: the load
// average was at least the number of cores when the measurement began.
func spoiledByLoad(load float64, cores int) string {
	if load >= float64(cores) {
		return fmt.Sprintf("the machine was busy, load %.1f on %d cores", load, cores)
	}
	return ""
}

// Measure measures step st of lesson l. A run step needs l.Dir (see Unpack).
func Measure(ctx context.Context, l *Lesson, st Step, o Options) Outcome {
	start := time.Now()
	load := loadAverage()
	var out Outcome
	switch st.Kind {
	case KindClaim:
		out = measureClaim(ctx, st, o)
	case KindRun:
		out = measureRun(ctx, l, st)
	default:
		out = Outcome{Error: fmt.Sprintf("step %s: unknown kind %q", st.ID, st.Kind)}
	}
	out.Took = time.Since(start)
	if out.Error == "" && out.Spoiled == "" {
		out.Spoiled = spoiledByLoad(load, runtime.NumCPU())
	}
	return out
}

// measureClaim runs the claim's demos through package claims.
func measureClaim(ctx context.Context, st Step, o Options) Outcome {
	r := claims.Measure(ctx, st.Claim, claims.Options{Short: o.Quick, Python: o.Python, OnEvent: o.OnEvent})
	out := Outcome{Verdict: string(r.Verdict), Why: r.Why, Error: r.Error, Figures: map[string]any{}, Runs: r.Runs}
	for k, v := range r.Figures {
		out.Figures[k] = v
	}
	return out
}

// measureRun traces the step's program and computes its figures.
func measureRun(ctx context.Context, l *Lesson, st Step) Outcome {
	var output bytes.Buffer
	tr, exit, err := TraceProgram(ctx, st.Argv(l.Dir), l.Dir, &output)
	out := Outcome{Trace: tr, Exit: exit}
	if err != nil {
		out.Error = err.Error()
		return out
	}
	out.Figures = RunFigures(tr)
	for k, v := range lastJSON(output.Bytes()) {
		if _, taken := out.Figures[k]; !taken {
			out.Figures[k] = v
		}
	}
	if exit != "" && exit != "exited with status 0" {
		out.Error = fmt.Sprintf("%s %s; its output ends: %s", st.Run[0], exit, lastLine(output.Bytes()))
		return out
	}
	if !tr.Exact {
		out.Spoiled = "the trace is not exact (" + tr.Reason + "), so the figures are estimates"
	}
	out.Why = fmt.Sprintf("%d threads ran; together they kept %.2f cores busy, and two or more ran at once for %.0f%% of the run.",
		out.Figures["threads"], Parallelism(tr), 100*OverlapShare(tr))
	return out
}

// lastLine returns the program's last line of output, for an error message.
func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// lastJSON reads the program's last line of output as a JSON object of figures; numbers,
// strings and booleans are kept, anything else (or a line that is no object) is ignored.
func lastJSON(b []byte) map[string]any {
	var obj map[string]any
	if json.Unmarshal([]byte(lastLine(b)), &obj) != nil {
		return nil
	}
	for k, v := range obj {
		switch v.(type) {
		case float64, string, bool:
		default:
			delete(obj, k)
		}
	}
	return obj
}
