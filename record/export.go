package record

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/trace"
)

// The "CPUs" process of an export gets an ID no real process can have (Linux caps PIDs at
// 2^22), and its per-core threads IDs after it.
const (
	cpusPID = 1<<22 + 1
	// Labels of a slice's origin, in its category and its args.
	labelExact   = "exact"
	labelSampled = "sampled"
)

func cpuTID(core int) int { return cpusPID + 1 + core }

// track names one row of the trace viewer: a thread of a process.
type track struct{ pid, tid int }

// slice is one complete ("X") event: something ran on a track from start to end (Unix ns).
type slice struct {
	start, end int64
	name       string
	cat        string
	args       map[string]any
}

// exporter gathers a recording's events before writing them, so that each track's slices can
// be sorted and kept from overlapping.
type exporter struct {
	base     int64
	slices   map[track][]slice
	counters []counter
	procName map[int]string
	thrName  map[track]string
	traces   []RecordedTrace
	// traced[i] holds the TIDs of traces[i]; coreRuns the traced runs on each core (Unix ns),
	// by start.
	traced   []map[int]bool
	coreRuns map[int][]trace.Run
	// last counter values, to write a counter only when it changes.
	lastCount map[string]float64
}

type counter struct {
	at   int64
	pid  int
	name string
	args map[string]any
}

// Export writes the recording as Trace Event Format JSON, which Perfetto UI, chrome://tracing
// and speedscope open: a "CPUs" process with a thread per core whose slices name the thread
// that ran there, a track per process and thread with its runs, and counters for CPU and
// memory. Every slice says in its category and args whether it is exact (a traced run) or
// sampled (a thread's CPU share in a sampling interval, drawn on the core it last ran on).
func Export(r *Reader, w io.Writer) error {
	x := &exporter{slices: map[track][]slice{}, procName: map[int]string{}, thrName: map[track]string{},
		coreRuns: map[int][]trace.Run{}, lastCount: map[string]float64{}}
	traces, err := r.Traces()
	if err != nil {
		return err
	}
	x.addTraces(traces)
	r.Rewind()
	first := true
	for {
		s, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if first {
			x.base = unixNano(s.Taken) - int64(s.Interval)
			for _, tr := range traces {
				x.base = min(x.base, tr.StartNS+tr.MonoToUnixNS)
			}
			first = false
		}
		x.addSample(s)
	}
	return x.write(w, r.Header())
}

// addTraces files the runs of every trace on their thread's track and their core's. Runs of a
// trace that fell back to sampling are labelled sampled.
func (x *exporter) addTraces(traces []RecordedTrace) {
	x.traces = traces
	for _, tr := range traces {
		label := labelExact
		if tr.Source == trace.SourceSampled {
			label = labelSampled
		}
		tids := map[int]bool{}
		for _, th := range tr.Threads {
			tids[th.TID] = true
			t := track{th.PID, th.TID}
			x.thrName[t] = th.Name
			if th.Process != "" {
				x.procName[th.PID] = th.Process
			}
			for _, run := range th.Runs {
				run.Start += tr.MonoToUnixNS
				run.End += tr.MonoToUnixNS
				args := map[string]any{"source": label, "exact": tr.Exact, "tracer": tr.Source, "core": run.Core,
					"after": run.After.String()}
				x.slices[t] = append(x.slices[t], slice{run.Start, run.End, th.Name, label, args})
				cpu := track{cpusPID, cpuTID(run.Core)}
				x.slices[cpu] = append(x.slices[cpu], slice{run.Start, run.End, th.Name, label, map[string]any{
					"source": label, "exact": tr.Exact, "pid": th.PID, "tid": th.TID, "process": th.Process}})
				x.coreRuns[run.Core] = append(x.coreRuns[run.Core], run)
			}
		}
		x.traced = append(x.traced, tids)
	}
	for c := range x.coreRuns {
		slices.SortFunc(x.coreRuns[c], func(a, b trace.Run) int { return cmp.Compare(a.Start, b.Start) })
	}
}

// covered reports whether thread tid has exact runs for [a, b], or the whole machine was traced
// then: its sampled share is not drawn there.
func (x *exporter) covered(tid int, a, b int64) bool {
	for i, tr := range x.traces {
		if tr.StartNS+tr.MonoToUnixNS < b && a < tr.EndNS+tr.MonoToUnixNS && (tr.Source == trace.SourceTracepoint || x.traced[i][tid]) {
			return true
		}
	}
	return false
}

type share struct {
	p   *inspect.Process
	t   *inspect.Thread
	dur int64
}

// addSample adds what one sample tells: each thread that used CPU in its interval gets a slice
// of its share on its own track and on its core's, and the counters move.
func (x *exporter) addSample(s *inspect.Snapshot) {
	at := unixNano(s.Taken)
	for _, c := range s.Cores {
		x.count(at, cpusPID, "CPU "+strconv.Itoa(c.ID)+" busy %", "percent", c.BusyPercent)
	}
	x.count(at, cpusPID, "Memory used", "bytes", float64(s.Memory.UsedBytes()))
	if s.Interval <= 0 {
		return // the first sample of a sampler has no rates
	}
	a := at - int64(s.Interval)
	perCore := map[int][]share{}
	for i := range s.Processes {
		p := &s.Processes[i]
		ran := false
		for k := range p.Threads {
			t := &p.Threads[k]
			if t.CPUPercent <= 0 || x.covered(t.TID, a, at) {
				continue
			}
			ran = true
			dur := int64(float64(s.Interval) * min(t.CPUPercent, 100) / 100)
			tr := track{p.PID, t.TID}
			x.thrName[tr] = t.Name
			x.slices[tr] = append(x.slices[tr], slice{a, a + dur, t.Name, labelSampled, map[string]any{
				"source": labelSampled, "cpu_percent": t.CPUPercent, "core": t.Core,
				"note": "share of the sampling interval; placed at its start, the exact moments are not known"}})
			perCore[t.Core] = append(perCore[t.Core], share{p, t, dur})
		}
		if ran || x.procName[p.PID] != "" {
			x.procName[p.PID] = p.Name
			x.count(at, p.PID, "CPU %", "percent", p.CPUPercent)
			x.count(at, p.PID, "RSS", "bytes", float64(p.RSSBytes))
		}
	}
	for core, shares := range perCore {
		x.layCore(core, a, at, shares)
	}
}

// layCore lays the sampled shares of one core's interval [a, b] one after another, largest
// first, in the time no exact run took, scaled down when they add up to more than there is (a
// thread's last core is not the only one it may have used).
func (x *exporter) layCore(core int, a, b int64, shares []share) {
	slices.SortFunc(shares, func(p, q share) int {
		return cmp.Or(cmp.Compare(q.dur, p.dur), cmp.Compare(p.t.TID, q.t.TID))
	})
	gaps := freeGaps(x.coreRuns[core], a, b)
	var free, want int64
	for _, g := range gaps {
		free += g[1] - g[0]
	}
	for _, s := range shares {
		want += s.dur
	}
	scale := 1.0
	if want > free && want > 0 {
		scale = float64(free) / float64(want)
	}
	tr := track{cpusPID, cpuTID(core)}
	gi, pos := 0, a
	if len(gaps) > 0 {
		pos = gaps[0][0]
	}
	for _, s := range shares {
		left := int64(float64(s.dur) * scale)
		for left > 0 && gi < len(gaps) {
			end := min(pos+left, gaps[gi][1])
			if end > pos {
				x.slices[tr] = append(x.slices[tr], slice{pos, end, s.t.Name, labelSampled, map[string]any{
					"source": labelSampled, "pid": s.p.PID, "tid": s.t.TID, "process": s.p.Name,
					"cpu_percent": s.t.CPUPercent}})
				left -= end - pos
				pos = end
			}
			if pos >= gaps[gi][1] {
				gi++
				if gi < len(gaps) {
					pos = gaps[gi][0]
				}
			}
		}
	}
}

// freeGaps returns the parts of [a, b] that no run in runs (sorted by start) covers.
func freeGaps(runs []trace.Run, a, b int64) [][2]int64 {
	var gaps [][2]int64
	pos := a
	i, _ := slices.BinarySearchFunc(runs, a, func(r trace.Run, t int64) int { return cmp.Compare(r.Start, t) })
	// Runs are sorted by start, not end: one that began earlier may still reach into [a, b].
	for i = max(i-1, 0); i < len(runs) && runs[i].Start < b; i++ {
		r := runs[i]
		if r.End <= pos {
			continue
		}
		if r.Start > pos {
			gaps = append(gaps, [2]int64{pos, r.Start})
		}
		pos = max(pos, r.End)
	}
	if pos < b {
		gaps = append(gaps, [2]int64{pos, b})
	}
	return gaps
}

// count adds a counter event when its value changed since the last one of the same name.
func (x *exporter) count(at int64, pid int, name, arg string, v float64) {
	key := strconv.Itoa(pid) + "/" + name
	if last, ok := x.lastCount[key]; ok && last == v {
		return
	}
	x.lastCount[key] = v
	x.counters = append(x.counters, counter{at, pid, name, map[string]any{arg: v}})
}

// tefEvent is one event of the Trace Event Format.
type tefEvent struct {
	Name string         `json:"name"`
	Cat  string         `json:"cat,omitempty"`
	Ph   string         `json:"ph"`
	TS   json.Number    `json:"ts"`
	Dur  json.Number    `json:"dur,omitempty"`
	PID  int            `json:"pid"`
	TID  int            `json:"tid"`
	Args map[string]any `json:"args,omitempty"`
}

// micros turns Unix ns into the format's microseconds since the export's start.
func (x *exporter) micros(ns int64) json.Number {
	return json.Number(strconv.FormatFloat(float64(ns-x.base)/1e3, 'f', 3, 64))
}

// write sorts each track's slices, trims any overlap (a later slice starts where the one
// before ended), and writes every event.
func (x *exporter) write(w io.Writer, h Header) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	fmt.Fprintf(bw, "{\"displayTimeUnit\":\"ms\",\"otherData\":")
	other, _ := json.Marshal(map[string]any{"source": "taskscope", "host": h.Hostname, "kernel": h.Kernel,
		"recorded": h.Start.Format(time.RFC3339), "interval_ms": h.Interval.Milliseconds(),
		"note": "slices labelled sampled show a thread's CPU share in a sampling interval; exact ones are traced runs"})
	bw.Write(other)
	bw.WriteString(",\"traceEvents\":[\n")
	enc := json.NewEncoder(bw)
	n := 0
	emit := func(e tefEvent) {
		if n > 0 {
			bw.WriteString(",")
		}
		n++
		enc.Encode(e)
	}
	emit(tefEvent{Name: "process_name", Ph: "M", TS: "0", PID: cpusPID, Args: map[string]any{"name": "CPUs"}})
	emit(tefEvent{Name: "process_sort_index", Ph: "M", TS: "0", PID: cpusPID, Args: map[string]any{"sort_index": -1}})
	tracks := make([]track, 0, len(x.slices))
	for t := range x.slices {
		tracks = append(tracks, t)
	}
	slices.SortFunc(tracks, func(a, b track) int { return cmp.Or(cmp.Compare(a.pid, b.pid), cmp.Compare(a.tid, b.tid)) })
	for pid, name := range sortedMap(x.procName) {
		emit(tefEvent{Name: "process_name", Ph: "M", TS: "0", PID: pid, Args: map[string]any{"name": name}})
	}
	for _, t := range tracks {
		name := x.thrName[t]
		if t.pid == cpusPID {
			name = "CPU " + strconv.Itoa(t.tid-cpusPID-1)
			emit(tefEvent{Name: "thread_sort_index", Ph: "M", TS: "0", PID: t.pid, TID: t.tid, Args: map[string]any{"sort_index": t.tid - cpusPID}})
		}
		emit(tefEvent{Name: "thread_name", Ph: "M", TS: "0", PID: t.pid, TID: t.tid, Args: map[string]any{"name": name}})
	}
	for _, t := range tracks {
		ss := x.slices[t]
		slices.SortStableFunc(ss, func(a, b slice) int { return cmp.Compare(a.start, b.start) })
		end := int64(-1 << 62)
		for _, s := range ss {
			s.start = max(s.start, end)
			if s.end <= s.start {
				continue
			}
			end = s.end
			emit(tefEvent{Name: s.name, Cat: s.cat, Ph: "X", TS: x.micros(s.start),
				Dur: json.Number(strconv.FormatFloat(float64(s.end-s.start)/1e3, 'f', 3, 64)),
				PID: t.pid, TID: t.tid, Args: s.args})
		}
	}
	for _, c := range x.counters {
		emit(tefEvent{Name: c.name, Ph: "C", TS: x.micros(c.at), PID: c.pid, Args: c.args})
	}
	bw.WriteString("]}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("record: export: %w", err)
	}
	return nil
}

// sortedMap yields a map's entries by key, so the output is the same from run to run.
func sortedMap(m map[int]string) func(func(int, string) bool) {
	return func(yield func(int, string) bool) {
		keys := make([]int, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !yield(k, m[k]) {
				return
			}
		}
	}
}
