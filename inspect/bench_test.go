package inspect

import (
	"testing"
)

// BenchmarkFloor measures the floor: reading every task's stat file and nothing else, on this
// machine plus extraThreads sleeping threads.
func BenchmarkFloor(b *testing.B) {
	load.Need(b)
	f := newFloorScan()
	var tasks int
	for b.Loop() {
		n, err := f.scan("/proc")
		if err != nil {
			b.Fatal(err)
		}
		tasks = n
	}
	b.ReportMetric(float64(tasks), "tasks")
}

// BenchmarkSample measures a sample in steady state, as the app takes them: every sample after
// the first, which knows what did not change since the previous one.
func BenchmarkSample(b *testing.B) {
	load.Need(b)
	s, err := NewSampler("/proc")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Sample(); err != nil {
		b.Fatal(err)
	}
	var threads int
	for b.Loop() {
		snap, err := s.Sample()
		if err != nil {
			b.Fatal(err)
		}
		threads = countThreads(snap)
	}
	b.ReportMetric(float64(threads), "tasks")
}

// BenchmarkSampleCold measures a first sample, which reads everything: every task directory,
// every stat file and every command line.
func BenchmarkSampleCold(b *testing.B) {
	load.Need(b)
	s, err := NewSampler("/proc")
	if err != nil {
		b.Fatal(err)
	}
	var threads int
	for b.Loop() {
		s.forget()
		snap, err := s.Sample()
		if err != nil {
			b.Fatal(err)
		}
		threads = countThreads(snap)
	}
	b.ReportMetric(float64(threads), "tasks")
}

// countThreads counts the threads in a snapshot.
func countThreads(snap *Snapshot) int {
	n := 0
	for i := range snap.Processes {
		n += len(snap.Processes[i].Threads)
	}
	return n
}
