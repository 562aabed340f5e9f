package demos

import (
	"flag"
	"math"
	"os"
	"sort"
	"sync"
	"time"
)

// Limits of the editor demo's flags.
const (
	editorMaxRate    = 500
	editorMaxSeconds = 3600
	editorMaxSamples = 4 * editorMaxRate // latencies kept per report; more would mean a stall
)

func init() { Register("editor", runEditor) }

// editorConfig is the editor demo's parsed flags.
type editorConfig struct {
	model   string // threads or single
	rate    int    // keystrokes per second
	seconds int    // 0: until quit
}

func parseEditor(args []string) (editorConfig, error) {
	var c editorConfig
	fs := flag.NewFlagSet("editor", flag.ContinueOnError)
	fs.StringVar(&c.model, "model", EditorModels[0], orList(EditorModels))
	fs.IntVar(&c.rate, "rate", 50, "keystrokes per second")
	fs.IntVar(&c.seconds, "seconds", 0, "stop after this many seconds; 0 runs until quit")
	if err := parseDemoFlags(fs, args); err != nil {
		return c, err
	}
	switch {
	case !oneOf(c.model, EditorModels):
		return c, Usagef("model must be %s, not %q", orList(EditorModels), c.model)
	case c.rate < 1 || c.rate > editorMaxRate:
		return c, Usagef("rate must be between 1 and %d keys per second", editorMaxRate)
	case c.seconds < 0 || c.seconds > editorMaxSeconds:
		return c, Usagef("seconds must be between 0 and %d", editorMaxSeconds)
	}
	return c, nil
}

// editorLatencies collects keystroke-to-screen times between two reports.
type editorLatencies struct {
	mu      sync.Mutex
	samples []time.Duration
	keys    int
}

// add records one key drawn late by d, the time from when it was pressed to its being drawn.
func (l *editorLatencies) add(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.keys++
	if len(l.samples) < editorMaxSamples {
		l.samples = append(l.samples, d)
	}
}

// take returns and clears what was collected since the last call.
func (l *editorLatencies) take() (keys int, samples []time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	keys, samples = l.keys, l.samples
	l.keys, l.samples = 0, make([]time.Duration, 0, len(samples))
	return keys, samples
}

// editorResult summarises one second of keys as a result event, latencies in milliseconds.
func editorResult(model string, keys int, samples []time.Duration) Event {
	sort.Slice(samples, func(i, j int) bool { return samples[i] < samples[j] })
	ms := func(q float64) float64 {
		if len(samples) == 0 {
			return 0
		}
		d := samples[int(math.Ceil(q*float64(len(samples))))-1]
		return math.Round(float64(d)/float64(time.Millisecond)*1000) / 1000
	}
	return Event{
		"event": "result", "model": model, "keys": keys,
		"latency_p50_ms": ms(0.5), "latency_p99_ms": ms(0.99), "max_ms": ms(1),
	}
}

// runEditor types synthetic keys at a steady rate into a document that is drawn, spell-checked,
// grammar-checked and saved, and reports once a second how long keys took to reach the screen.
func runEditor(s *Session, args []string) error {
	cfg, err := parseEditor(args)
	if err != nil {
		return err
	}
	file, err := os.CreateTemp("", "taskscope-editor-*.txt")
	if err != nil {
		return err
	}
	path := file.Name()
	file.Close()
	defer os.Remove(path)

	ed := &editor{cfg: cfg, session: s, path: path, stop: make(chan struct{}), typed: make(chan typedKey, editorMaxRate)}
	quit := ed.watchCommands()
	var done <-chan struct{}
	if cfg.model == "single" {
		done = ed.startSingle()
	} else {
		done = ed.startThreads()
	}
	defer func() {
		close(ed.stop)
		<-done
	}()

	var limit <-chan time.Time
	if cfg.seconds > 0 {
		limit = time.After(time.Duration(cfg.seconds) * time.Second)
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-quit:
			return nil
		case <-limit:
			return nil
		case <-tick.C:
			keys, samples := ed.lat.take()
			s.Emit(editorResult(cfg.model, keys, samples))
		}
	}
}

// editorTypeMax bounds the text of one "type" command: a few keys, not a document.
const editorTypeMax = 64

// watchCommands reads the editor's commands: "type" hands typed text to the drawing thread,
// "quit" (or the end of input) closes the returned channel.
func (e *editor) watchCommands() <-chan struct{} {
	done := make(chan struct{})
	go func() {
		quit := false
		for c := range e.session.Commands {
			switch {
			case quit:
			case c.Cmd == "quit":
				quit = true
				close(done)
			case c.Cmd == "type" && (c.Text == "" || len(c.Text) > editorTypeMax):
				e.session.Errorf("type takes 1 to %d bytes of text", editorTypeMax)
			case c.Cmd == "type":
				select {
				case e.typed <- typedKey{text: c.Text, at: time.Now()}:
				default:
					e.session.Errorf("typing faster than the editor draws: %q dropped", c.Text)
				}
			default:
				e.session.Errorf("editor takes no command %q; only type and quit", c.Cmd)
			}
		}
		if !quit {
			close(done)
		}
	}()
	return done
}
