package record

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
)

// Targets of the issue.
const (
	targetMiBPerHour   = 50.0
	aimMiBPerHour      = 10.0
	targetCorePercent  = 0.5
	targetFirstFrame   = 2 * time.Second
	targetJump         = 100 * time.Millisecond
	benchSamplesEnv    = "TASKSCOPE_BENCH_RECORD_SAMPLES"
	defaultBenchSample = 120
)

// threadCPU returns the CPU time the calling OS thread has used, to the nanosecond (getrusage
// counts in scheduler ticks, too coarse for a fraction of a millisecond).
func threadCPU() time.Duration {
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts)
	return time.Duration(ts.Nano())
}

// TestBenchRecord measures a recording of this machine plus 5,000 sleeping threads at 1 s:
// bytes per sample and the hourly rate, what they are made of, the CPU recording adds to
// sampling, and opening a one-hour recording and jumping in it. It runs only with
// TASKSCOPE_BENCH=1 (make bench); TASKSCOPE_BENCH_RECORD_SAMPLES sets how many seconds it
// records (default 120; the 10 minutes is 600).
func TestBenchRecord(t *testing.T) {
	if os.Getenv("TASKSCOPE_BENCH") != "1" {
		t.Skip("set TASKSCOPE_BENCH=1 to measure")
	}
	n := defaultBenchSample
	if v, err := strconv.Atoi(os.Getenv(benchSamplesEnv)); err == nil && v > 1 {
		n = v
	}
	load.Need(t)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()

	s, err := inspect.NewSampler("/proc")
	if err != nil {
		t.Fatal(err)
	}
	first, err := s.Sample()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	w, err := Create(filepath.Join(dir, "bench.tsrec"), first.Host, first.BootTime, Options{Interval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	stats := &encStats{}
	w.codec.stats = stats
	var live []*inspect.Snapshot
	var sampleCPU, recordCPU []time.Duration
	tasks := 0
	tick := time.NewTicker(time.Second)
	for range n {
		<-tick.C
		c0 := threadCPU()
		snap, err := s.Sample()
		if err != nil {
			t.Fatal(err)
		}
		c1 := threadCPU()
		if err := w.Append(snap); err != nil {
			t.Fatal(err)
		}
		c2 := threadCPU()
		sampleCPU = append(sampleCPU, c1-c0)
		recordCPU = append(recordCPU, c2-c1)
		live = append(live, snap)
		tasks = countTasks(snap)
	}
	tick.Stop()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var keyBytes, deltaBytes, keyChunks, deltaChunks int64
	for _, e := range w.index {
		if e.header.flags&flagKeyframe != 0 {
			keyBytes += int64(e.header.length) + chunkHeaderSize
			keyChunks++
		} else {
			deltaBytes += int64(e.header.length) + chunkHeaderSize
			deltaChunks++
		}
	}
	size := w.Size()
	perSample := float64(size) / float64(n)
	hourly := perSample * 3600 / (1 << 20)
	fmt.Printf("load: %d tasks per sample (%d extra sleeping threads), %d samples at 1 s, keyframe every %v\n",
		tasks, benchThreads, n, DefaultKeyframeEvery)
	fmt.Printf("size: %d bytes, %.0f bytes per sample, hourly rate %.2f MiB/h (target %.0f, aim %.0f): ratio to target %.3f, to aim %.3f\n",
		size, perSample, hourly, targetMiBPerHour, aimMiBPerHour, hourly/targetMiBPerHour, hourly/aimMiBPerHour)
	fmt.Printf("size by chunk: keyframes %d x %.0f bytes = %.0f%%, deltas %d x %.0f bytes = %.0f%%, header+index %.0f%%\n",
		keyChunks, float64(keyBytes)/float64(max(keyChunks, 1)), 100*float64(keyBytes)/float64(size),
		deltaChunks, float64(deltaBytes)/float64(max(deltaChunks, 1)), 100*float64(deltaBytes)/float64(size),
		100*float64(size-keyBytes-deltaBytes)/float64(size))
	raw := stats.Full + stats.Header + stats.NewProcs + stats.ProcFields + stats.Threads
	fmt.Printf("raw bytes before zstd: full samples %.0f%%, delta headers (times, cores, memory) %.0f%%, new processes %.0f%%, changed process fields %.0f%%, thread changes %.0f%%; per delta %.1f processes and %.1f threads changed\n",
		pct(stats.Full, raw), pct(stats.Header, raw), pct(stats.NewProcs, raw), pct(stats.ProcFields, raw), pct(stats.Threads, raw),
		float64(stats.ChangedProcs)/float64(max(deltaChunks, 1)), float64(stats.ChangedThreads)/float64(max(deltaChunks, 1)))
	ms, mr := median(sampleCPU), median(recordCPU)
	var sumR time.Duration
	for _, d := range recordCPU {
		sumR += d
	}
	corePct := 100 * float64(sumR) / float64(n) / float64(time.Second)
	fmt.Printf("cpu: sampling median %v per sample; recording median %v, mean %v per sample (ratio to sampling %.3f) = %.3f%% of a core at 1 s (target %.1f%%): ratio to target %.3f\n",
		ms, mr, sumR/time.Duration(n), float64(mr)/float64(ms), corePct, targetCorePercent, corePct/targetCorePercent)

	// A one-hour recording: 3,600 samples, the live ones over and over, one second apart.
	hour := filepath.Join(dir, "hour.tsrec")
	hw, err := Create(hour, first.Host, first.BootTime, Options{Interval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t0 := live[0].Taken.Round(0)
	for i := range 3600 {
		c := *live[i%len(live)]
		c.Taken = t0.Add(time.Duration(i) * time.Second)
		if err := hw.Append(&c); err != nil {
			t.Fatal(err)
		}
	}
	if err := hw.Close(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r, err := Open(hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.At(0); err != nil {
		t.Fatal(err)
	}
	firstFrame := time.Since(start)
	rng := rand.New(rand.NewPCG(1, 2))
	var jumps []time.Duration
	for range 40 {
		d := time.Duration(rng.Int64N(int64(time.Hour)))
		js := time.Now()
		if _, err := r.At(d); err != nil {
			t.Fatal(err)
		}
		jumps = append(jumps, time.Since(js))
	}
	r.Close()
	st, _ := os.Stat(hour)
	slices.Sort(jumps)
	fmt.Printf("one hour (3600 samples, %.1f MiB): open and first frame %v (target %v): ratio %.3f; jump median %v, worst %v of 40 (target %v): ratio %.3f\n",
		float64(st.Size())/(1<<20), firstFrame, targetFirstFrame, float64(firstFrame)/float64(targetFirstFrame),
		jumps[len(jumps)/2], jumps[len(jumps)-1], targetJump, float64(jumps[len(jumps)-1])/float64(targetJump))
	if hourly > targetMiBPerHour {
		t.Errorf("hourly rate %.1f MiB/h is over the %v MiB/h target", hourly, targetMiBPerHour)
	}
	if corePct > targetCorePercent {
		t.Errorf("recording costs %.2f%% of a core, over the %.1f%% target", corePct, targetCorePercent)
	}
	if firstFrame > targetFirstFrame || jumps[len(jumps)-1] > targetJump {
		t.Errorf("open %v or worst jump %v is over its target", firstFrame, jumps[len(jumps)-1])
	}
}

func pct(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }

func median(d []time.Duration) time.Duration {
	d = slices.Clone(d)
	slices.Sort(d)
	return d[len(d)/2]
}

func countTasks(s *inspect.Snapshot) int {
	n := 0
	for i := range s.Processes {
		n += len(s.Processes[i].Threads)
	}
	return n
}
