package demos

import (
	"bytes"
	"math"
	"testing"
)

// FuzzPythonLines feeds arbitrary lines, as a broken or hostile python3 might print them, to the
// code that turns the script's output into events: it must refuse them cleanly, never panic, and
// never report a speedup or a rate that is not a finite, non-negative number.
func FuzzPythonLines(f *testing.F) {
	f.Add([]byte(`{"event":"timings","one_worker_rounds_s":[0.3,0.31],"threads_rounds_s":[0.32,0.33],"processes_rounds_s":[0.16,0.17],"one_worker_rounds_cpu_s":[0.3,0.3],"threads_rounds_cpu_s":[0.3,0.31],"processes_rounds_cpu_s":[0.3,0.3],"io_sequential_s":0.9,"io_threads_s":0.5,"free_threaded":false}`),
		[]byte(`{"event":"count","t":1.0,"units":[0,0]}`), []byte(`{"event":"count","t":2.0,"units":[10,12]}`))
	f.Add([]byte(`{"event":"timings","one_worker_rounds_s":[0],"threads_rounds_s":[1,2],"processes_rounds_s":[]}`), []byte(`{"event":"count","t":2,"units":[5]}`),
		[]byte(`{"event":"count","t":1,"units":[1e300,"x"]}`))
	f.Add([]byte(`{"event":"ready"}`), []byte(`not json`), []byte(`{"event":"count","t":3,"units":null}`))
	f.Fuzz(func(t *testing.T, timings, prev, cur []byte) {
		ready := Event{"event": "ready", "python": "3.11.2", "python_path": "/usr/bin/python3"}
		if ev, err := DecodeEvent(bytes.TrimSpace(timings)); err == nil {
			if res, err := compareResult(ev, ready, 2); err == nil {
				for _, k := range []string{"threads_speedup", "processes_speedup", "io_speedup"} {
					v, ok := res.Float(k)
					if !ok || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
						t.Fatalf("%s = %v from %q", k, res[k], timings)
					}
				}
			}
		}
		a, errA := DecodeEvent(prev)
		b, errB := DecodeEvent(cur)
		if errA != nil || errB != nil {
			return
		}
		cfg := pythonConfig{model: "threads", kind: "cpu", workers: 2}
		if res, err := liveResult(a, b, cfg); err == nil {
			v, ok := res.Float("units_per_sec")
			if !ok || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				t.Fatalf("units_per_sec = %v from %q, %q", res["units_per_sec"], prev, cur)
			}
		}
	})
}
