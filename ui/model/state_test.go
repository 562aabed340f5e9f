package model

import (
	"os"
	"slices"
	"testing"
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model/modeltest"
)

// TestStateSubscriptions: each change reaches its subscribers once, and only a real change.
func TestStateSubscriptions(t *testing.T) {
	st := NewState()
	var got []string
	st.Subscribe(func(s *inspect.Snapshot) { got = append(got, "shown") })
	st.SubscribeLive(func(s *inspect.Snapshot) { got = append(got, "live") })
	st.OnSelection(func(k inspect.TaskKey) { got = append(got, "sel") })
	st.OnFilter(func(s string) { got = append(got, "filter "+s) })
	st.OnFreeze(func(on bool) { got = append(got, "freeze") })
	st.OnPresentation(func(on bool) { got = append(got, "present") })
	st.OnMarks(func(m map[int]bool) { got = append(got, "marks") })
	st.OnQuit(func() { got = append(got, "quit") })
	s := fixture(t0, [3]float64{30, 5, 1})
	st.PublishLive(s)
	st.PublishShown(s)
	st.SelectProcess(inspect.TaskKey{ID: 100, StartTicks: 100})
	st.SelectProcess(inspect.TaskKey{ID: 100, StartTicks: 100}) // no change
	st.SetFilter("fire")
	st.SetFilter("fire")
	st.SetFrozen(true)
	st.SetFrozen(true)
	st.SetPresentation(true)
	st.Mark("demo-1", []int{300})
	st.Quitting()
	want := []string{"live", "shown", "sel", "filter fire", "freeze", "present", "marks", "quit"}
	if !slices.Equal(got, want) {
		t.Errorf("notified %q, want %q", got, want)
	}
	if st.Current() != s || st.Live() != s || !st.Frozen() || !st.Presentation() || st.Filter() != "fire" ||
		!st.Marked()[300] || st.History().Len() != 1 {
		t.Error("accessors do not reflect the changes")
	}
	st.Mark("demo-1", nil)
	if len(st.Marked()) != 0 {
		t.Errorf("marks after clearing: %v", st.Marked())
	}
}

// TestStateWatchesThroughWorker: the watch set follows marks, selection and filter, and is
// handed to the worker, which delivers the watch's readings as frames; with no one listening
// (the Cores tab not built yet) the worker runs no watch, and the first listener starts it.
func TestStateWatchesThroughWorker(t *testing.T) {
	var frames []Frame
	src := &fakeWatchSource{Source: modeltest.Source{Next: fixture(t0, [3]float64{30, 5, 1})}}
	w := NewWorker(src, time.Second, Options{}, func(f Frame) { frames = append(frames, f) })
	st := NewState()
	st.Attach(w)
	w.Sample()
	st.PublishLive(frames[0].Snap)
	w.RunPending()
	if keys, on := watching(w); len(keys) != 0 || on {
		t.Errorf("watching %v (%v) with nothing marked, selected or filtered", keys, on)
	}
	st.Mark("demo-1", []int{300})
	st.SetFilter("usr") // firefox, by its command line
	w.RunPending()
	if keys, on := watching(w); on || len(st.Watched()) != 2 {
		t.Errorf("watching %v (%v) with no listener; watch set %v", keys, on, st.Watched())
	}
	st.OnWatch(func(*inspect.WatchSample) {})
	w.RunPending()
	keys, on := watching(w)
	if !on || len(keys) != 2 || keys[0].ID != 100 || keys[1].ID != 300 || !st.Watched()[keys[0]] {
		t.Fatalf("watching %v (%v), want firefox and the marked sleep", keys, on)
	}
	frames = nil
	w.watchSample()
	if len(frames) != 1 || frames[0].Watch == nil || len(src.asked) != 1 || len(src.asked[0]) != 2 {
		t.Errorf("a watch tick gave %d frames, source asked %v", len(frames), src.asked)
	}
	st.Mark("demo-1", nil)
	st.SetFilter("")
	w.RunPending()
	if _, on := watching(w); on || !src.stopped {
		t.Error("the watch still runs with nothing to watch")
	}
}

// fakeWatchSource is a Source that can watch: it answers with the processes of its snapshot.
type fakeWatchSource struct {
	modeltest.Source
	asked   [][]inspect.TaskKey
	stopped bool
}

func (f *fakeWatchSource) Watch(keys []inspect.TaskKey) (*inspect.WatchSample, error) {
	f.asked = append(f.asked, keys)
	f.stopped = false
	ws := &inspect.WatchSample{Taken: time.Now(), Interval: WatchEvery}
	for _, k := range keys {
		if p, ok := f.Next.Find(k.ID); ok && p.StartTicks == k.StartTicks {
			ws.Processes = append(ws.Processes, *p)
		}
	}
	return ws, nil
}

func (f *fakeWatchSource) StopWatching() { f.stopped = true }

// TestWorkerWatchStopsWhenAllEnded: a watch whose processes have all gone stops after a while
// and does not start again for the same keys; a live watch stops when Run ends.
func TestWorkerWatchStopsWhenAllEnded(t *testing.T) {
	src := &fakeWatchSource{Source: modeltest.Source{Next: fixture(t0, [3]float64{30, 5, 1})}}
	w := NewWorker(src, time.Second, Options{}, func(Frame) {})
	gone := []inspect.TaskKey{{ID: 4242, StartTicks: 1}}
	w.SetWatch(gone)
	w.watch.deadSince = time.Now().Add(-time.Minute)
	w.watchSample()
	if _, on := watching(w); on {
		t.Fatal("the watch of ended processes still runs")
	}
	w.SetWatch(gone)
	if _, on := watching(w); on {
		t.Error("the watch started again for processes known to have ended")
	}
}

// TestWorkerFrames: live samples come with rows and the selected process's detail and memory;
// while frozen only the sample; a rebuild for new options comes at once.
func TestWorkerFrames(t *testing.T) {
	var frames []Frame
	src := &modeltest.Source{Mem: inspect.MemoryBreakdown{Available: true, RSS: 400 << 20}}
	w := NewWorker(src, time.Second, Options{Version: 1}, func(f Frame) { frames = append(frames, f) })
	if got := w.MemoryOfPIDs([]int{100}); len(got) != 0 {
		t.Errorf("memory before any sample = %v", got)
	}
	src.Next = fixture(t0, [3]float64{30, 5, 1})
	w.SelectProcess(inspect.TaskKey{ID: 100, StartTicks: 100}, true)
	w.Sample()
	f := frames[len(frames)-1]
	if !f.Live || f.Rows == nil || f.Rows.Version != 1 || f.Detail == nil || !f.Detail.Found || f.Mem == nil || f.Mem.Mem.RSS != 400<<20 {
		t.Errorf("live frame = %+v", f)
	}
	w.SetFrozen(true)
	w.Sample()
	if f := frames[len(frames)-1]; f.Rows != nil || f.Snap == nil {
		t.Errorf("frozen frame built rows: %+v", f)
	}
	w.Rebuild(nil, Options{Version: 2, Filter: "bash"})
	if f := frames[len(frames)-1]; f.Rows == nil || f.Rows.Version != 2 || f.Rows.Shown != 1 || f.Live {
		t.Errorf("rebuild frame = %+v", f)
	}
	got := w.MemoryOfPIDs([]int{100, 300, 999})
	if len(got) != 2 || got[100].RSS != 400<<20 {
		t.Errorf("memory = %v, want pids 100 and 300 from the fake source", got)
	}
}

// TestLiveWatchReadsThisProcess: the live source's watch reads a real process (this one).
func TestLiveWatchReadsThisProcess(t *testing.T) {
	l, err := NewLive("/proc")
	if err != nil {
		t.Fatal(err)
	}
	defer l.StopWatching()
	s, err := l.Sample()
	if err != nil {
		t.Fatal(err)
	}
	me, ok := s.Find(os.Getpid())
	if !ok {
		t.Fatal("this process is not in the sample")
	}
	ws, err := l.Watch([]inspect.TaskKey{me.Key()})
	if err != nil || len(ws.Processes) != 1 || ws.Processes[0].PID != os.Getpid() {
		t.Fatalf("watch = %+v, %v", ws, err)
	}
}

// watching is the set the worker's watch reads, and whether it ticks.
func watching(w *Worker) ([]inspect.TaskKey, bool) { return w.watch.keys, w.watch.ticker != nil }
