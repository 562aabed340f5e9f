package model

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/trace"
)

// TestTraceUntil cuts the recorded Python trace at moments inside it: nothing after the moment
// is left, a run going on then ends there as running, threads born later are gone, the totals
// are those of what is left, the view that follows ends at the moment, and the trace cut from is
// not changed.
func TestTraceUntil(t *testing.T) {
	tr := loadTrace(t, "trace-python.json")
	before := slices.Clone(tr.Threads[0].Runs)
	if TraceUntil(tr, tr.StartNS) != nil || TraceUntil(nil, 5) != nil {
		t.Error("a cut at the start (or of no trace) is not nil")
	}
	if TraceUntil(tr, tr.EndNS) != tr || TraceUntil(tr, tr.EndNS+1e9) != tr {
		t.Error("a cut at or after the end is not the trace itself")
	}
	cutting := 0
	for _, f := range []float64{0.1, 0.3, 0.5, 0.9} {
		now := tr.StartNS + int64(f*float64(tr.EndNS-tr.StartNS))
		cut := TraceUntil(tr, now)
		if cut.EndNS != now || cut.StartNS != tr.StartNS {
			t.Fatalf("at %.1f: span %d..%d, want %d..%d", f, cut.StartNS, cut.EndNS, tr.StartNS, now)
		}
		for i := range tr.Threads {
			orig := &tr.Threads[i]
			th := cut.Thread(orig.TID)
			if orig.Born > now {
				if th != nil {
					t.Errorf("at %.1f: thread %d born later is shown", f, orig.TID)
				}
				continue
			}
			if th == nil {
				t.Fatalf("at %.1f: thread %d is missing", f, orig.TID)
			}
			want := 0
			for _, r := range orig.Runs {
				if r.Start < now {
					want++
				}
			}
			if len(th.Runs) != want {
				t.Errorf("at %.1f: thread %d keeps %d runs, want %d", f, th.TID, len(th.Runs), want)
			}
			var run int64
			for j, r := range th.Runs {
				if r.End > now {
					t.Errorf("at %.1f: thread %d run %d ends after now", f, th.TID, j)
				}
				if o := orig.Runs[j]; o.End > now {
					cutting++
					if r.End != now || r.After != trace.StateRunning {
						t.Errorf("at %.1f: run going on at now is %+v, want ending now, running", f, r)
					}
				}
				run += r.End - r.Start
			}
			if th.RunNS != run || (orig.RunNS > 0 && th.RunNS > orig.RunNS) {
				t.Errorf("at %.1f: thread %d RunNS %d, runs add up to %d (whole trace %d)", f, th.TID, th.RunNS, run, orig.RunNS)
			}
			if th.Ended > now {
				t.Errorf("at %.1f: thread %d ends in the future", f, th.TID)
			}
		}
	}
	if cutting == 0 {
		t.Error("no cut fell inside a run: the test proves less than it says")
	}
	if !slices.Equal(before, tr.Threads[0].Runs) {
		t.Error("cutting changed the trace cut from")
	}
	// The totals of a cut just before the end match the whole trace's run time closely.
	whole := TraceUntil(tr, tr.EndNS-1)
	for i := range tr.Threads {
		if d := tr.Threads[i].RunNS - whole.Threads[i].RunNS; d < 0 || d > 1 {
			t.Errorf("thread %d: run time %d just before the end, %d at the end", tr.Threads[i].TID, whole.Threads[i].RunNS, tr.Threads[i].RunNS)
		}
	}
}

// TestReplayTraceFollowsSamples records live samples with a trace whose times lie between them,
// as File → Record does while the Timeline tab traces, opens the file and asks for the trace at
// each sample: none before the trace began (with a note saying when it does), then a trace ending
// at the sample's moment on the trace's clock, and the offset that puts it on the samples' clock.
func TestReplayTraceFollowsSamples(t *testing.T) {
	samples := liveSamples(t, 6, 100*time.Millisecond)
	off := MonoToWall()
	mono := func(s *inspect.Snapshot) int64 { return s.Taken.UnixNano() - off }
	// The Python trace, moved to begin at the second sample and end after the last.
	tr := loadTrace(t, "trace-python.json")
	shift := mono(samples[1]) - tr.StartNS
	tr = shiftTrace(tr, shift)
	if tr.EndNS < mono(samples[len(samples)-1]) {
		tr.EndNS = mono(samples[len(samples)-1]) + int64(time.Second)
	}
	path := filepath.Join(t.TempDir(), "t.tsrec")
	rec, err := StartRecorder(path, samples[0], 100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range samples {
		rec.Append(s)
	}
	rec.AppendTrace(tr, 0)
	if err := rec.Stop(); err != nil {
		t.Fatal(err)
	}
	p, err := OpenReplay(path)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if d := p.TraceOffset() - off; d < -int64(time.Millisecond) || d > int64(time.Millisecond) {
		t.Fatalf("trace offset %d, want about %d", p.TraceOffset(), off)
	}
	if got := p.TraceAt(samples[0]); got != nil {
		t.Errorf("before the trace began: %d..%d, want none", got.StartNS, got.EndNS)
	}
	if note := p.TraceNote(samples[0]); !strings.Contains(note, "begins 0:00 into the recording") {
		t.Errorf("note before the trace: %q", note)
	}
	for _, s := range samples[2:] {
		got := p.TraceAt(s)
		if got == nil {
			t.Fatalf("no trace at %v", s.Taken)
		}
		if d := got.EndNS - mono(s); d < -int64(time.Millisecond) || d > int64(time.Millisecond) {
			t.Errorf("trace at a sample ends %d ns from the sample's moment", d)
		}
		if p.TraceNote(s) != "" {
			t.Errorf("note while the trace is shown: %q", p.TraceNote(s))
		}
	}
	// Later samples show more of the trace.
	a, b := p.TraceAt(samples[2]), p.TraceAt(samples[5])
	if a.EndNS >= b.EndNS {
		t.Errorf("the trace does not grow with the playback: %d then %d", a.EndNS, b.EndNS)
	}
}

// shiftTrace returns a copy of tr with every time moved by d.
func shiftTrace(tr *trace.Trace, d int64) *trace.Trace {
	out := *tr
	out.StartNS += d
	out.EndNS += d
	out.Threads = slices.Clone(tr.Threads)
	for i := range out.Threads {
		th := &out.Threads[i]
		if th.Born != 0 {
			th.Born += d
		}
		if th.Ended != 0 {
			th.Ended += d
		}
		th.Runs = slices.Clone(th.Runs)
		for j := range th.Runs {
			th.Runs[j].Start += d
			th.Runs[j].End += d
		}
		th.Unknown = slices.Clone(th.Unknown)
		for j := range th.Unknown {
			th.Unknown[j].Start += d
			th.Unknown[j].End += d
		}
	}
	out.Processes = slices.Clone(tr.Processes)
	for i := range out.Processes {
		if out.Processes[i].Born != 0 {
			out.Processes[i].Born += d
		}
		if out.Processes[i].Ended != 0 {
			out.Processes[i].Ended += d
		}
	}
	out.LostSpans = nil
	return &out
}

// TestCoresCaption: only this machine's caption speaks of the 10 Hz watch; a remote agent's
// names the host and its interval, a recording's the host and the interval it was recorded at;
// short forms stay short, and every caption begins with "Sampled" (the tab prefixes what is exact).
func TestCoresCaption(t *testing.T) {
	cases := []struct {
		i      SourceInfo
		want   []string
		unwant []string
	}{
		{SourceInfo{}, []string{"ten times a second"}, nil},
		{SourceInfo{Kind: SourceRemote, Host: "lab-1", Interval: time.Second}, []string{"every 1 s by the agent on lab-1"}, []string{"ten times a second"}},
		{SourceInfo{Kind: SourceRemote, Host: "http://lab:9256"}, []string{"by the agent on http://lab:9256"}, []string{"ten times a second", "every 0"}},
		{SourceInfo{Kind: SourceReplay, Host: "pc", Interval: 500 * time.Millisecond}, []string{"recorded at 500 ms on pc"}, []string{"ten times a second"}},
	}
	for _, c := range cases {
		for _, long := range []bool{true, false} {
			got := CoresCaption(c.i, long)
			if !strings.HasPrefix(got, "Sampled") {
				t.Errorf("%+v long=%v: %q does not begin with Sampled", c.i, long, got)
			}
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("%+v long=%v: %q lacks %q", c.i, long, got, w)
				}
			}
			for _, w := range c.unwant {
				if strings.Contains(got, w) {
					t.Errorf("%+v long=%v: %q says %q", c.i, long, got, w)
				}
			}
			if !long && len(got) > 130 {
				t.Errorf("%+v: short caption is %d bytes: %q", c.i, len(got), got)
			}
		}
	}
	st := NewState()
	var heard []SourceInfo
	st.OnSourceInfo(func(i SourceInfo) { heard = append(heard, i) })
	r := SourceInfo{Kind: SourceRemote, Host: "h"}
	st.SetSourceInfo(r)
	st.SetSourceInfo(r)
	if st.SourceInfo() != r || len(heard) != 1 {
		t.Errorf("SourceInfo %+v, heard %d times", st.SourceInfo(), len(heard))
	}
}
