package demos

import (
	"maps"
	"os"
	"slices"
	"time"
)

// memoryEvery is how often a browser reports the memory its model costs.
const memoryEvery = 2 * time.Second

// threadsBrowser keeps every tab as a thread of this process.
type threadsBrowser struct {
	s    *Session
	cfg  browserConfig
	tabs map[int]*tabWorker
}

func runThreadsBrowser(s *Session, cfg browserConfig) error {
	b := &threadsBrowser{s: s, cfg: cfg, tabs: map[int]*tabWorker{}}
	next := 0
	for range cfg.tabs {
		if err := addTab(b, cfg, &next); err != nil {
			return err
		}
	}
	tick := time.NewTicker(memoryEvery)
	defer tick.Stop()
	defer b.closeAll()
	for {
		select {
		case c, ok := <-s.Commands:
			if !ok || dispatch(s, b, cfg, &next, c) {
				return nil
			}
		case <-tick.C:
			rss := rssOf("self")
			s.Emit(Event{"event": "memory", "model": modelThreads, "pid": os.Getpid(),
				"tabs": len(b.tabs), "rss_bytes": rss, "total_rss_bytes": rss})
		}
	}
}

func (b *threadsBrowser) open(n int) error {
	w := newTabWorker(n, b.cfg.pageMiB, b.s.Emit)
	b.tabs[n] = w
	go w.run()
	return nil
}

func (b *threadsBrowser) send(n int, c Command) error {
	w := b.tabs[n]
	w.cmds <- c
	if c.Cmd == "close" {
		b.closed(n)
	}
	return nil
}

// reload has nothing to do: a crashed tab thread takes this whole process with it.
func (b *threadsBrowser) reload(int) error { return nil }

func (b *threadsBrowser) state(n int) string {
	if _, ok := b.tabs[n]; ok {
		return "alive"
	}
	return ""
}

func (b *threadsBrowser) numbers() []int { return slices.Sorted(maps.Keys(b.tabs)) }

// closed waits for tab n's thread to finish and reports it gone.
func (b *threadsBrowser) closed(n int) {
	w := b.tabs[n]
	<-w.done
	delete(b.tabs, n)
	b.s.Emit(Event{"event": "tab", "tab": n, "pid": os.Getpid(), "tid": int(w.tid.Load()), "state": "closed"})
}

func (b *threadsBrowser) closeAll() {
	for _, n := range b.numbers() {
		close(b.tabs[n].cmds)
		b.closed(n)
	}
}
