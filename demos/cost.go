package demos

import (
	"flag"
	"math"
	"runtime"
	"sort"
	"time"
)

// Limits and defaults of the cost demo.
const (
	costMaxCount     = 2000
	costDefaultCount = 200
)

func init() {
	Register("cost", runCost)
	registerPart("cost-child", func(*Session, []string) error { return nil })
	registerPart("cost-echo", runCostEcho)
}

func parseCost(args []string) (count int, err error) {
	fs := flag.NewFlagSet("cost", flag.ContinueOnError)
	fs.IntVar(&count, "count", costDefaultCount, "threads and processes to create")
	if err := parseDemoFlags(fs, args); err != nil {
		return 0, err
	}
	if count < 1 || count > costMaxCount {
		return 0, Usagef("count must be between 1 and %d", costMaxCount)
	}
	return count, nil
}

// runCost measures, on this machine and in this order: creating and joining count threads one
// after another; starting and reaping count copies of this program and of /bin/true; and a
// round trip of one byte between two threads through shared memory, between two processes
// through a pipe, and through a Unix socket. It reports medians and 90th percentiles and exits.
func runCost(s *Session, args []string) error {
	count, err := parseCost(args)
	if err != nil {
		return err
	}
	quit := watchQuit(s, "cost")
	stopped := func() bool {
		select {
		case <-quit:
			return true
		default:
			return false
		}
	}
	ev := Event{"event": "result", "count": count, "cores": runtime.NumCPU()}

	threads, distinct, err := measureThreadCreate(count, stopped)
	if err != nil {
		return err
	}
	putFigure(ev, "thread_create", "us", threads)
	ev["threads_distinct"] = distinct

	procs, err := measureProcessCreate(count, stopped, "")
	if err != nil {
		return err
	}
	putFigure(ev, "process_create", "us", procs)
	if trues, err := measureProcessCreate(count, stopped, "/bin/true"); err == nil {
		putFigure(ev, "process_create_true", "us", trues)
	}

	for _, via := range []string{"shm", "pipe", "socket"} {
		if stopped() {
			break
		}
		trips, err := measureRoundTrip(via)
		if err != nil {
			return err
		}
		putFigure(ev, via+"_roundtrip", "ns", trips)
	}
	ev["interrupted"] = stopped()
	s.Emit(ev)
	return nil
}

// putFigure stores the median of samples as name_unit and their 90th percentile as
// name_p90_unit, in unit ("us" or "ns") rounded to a tenth. No samples store nothing.
func putFigure(ev Event, name, unit string, samples []time.Duration) {
	if len(samples) == 0 {
		return
	}
	scale := float64(time.Microsecond)
	if unit == "ns" {
		scale = float64(time.Nanosecond)
	}
	sorted := append([]time.Duration(nil), samples...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	at := func(q float64) float64 {
		d := sorted[int(math.Ceil(q*float64(len(sorted))))-1]
		return math.Round(float64(d)/scale*10) / 10
	}
	ev[name+"_"+unit] = at(0.5)
	ev[name+"_p90_"+unit] = at(0.9)
}
