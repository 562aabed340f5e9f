package demos

import (
	"sync"
	"time"
)

// editor is one run of the editor demo: its document, its chores, and the keys' latencies.
type editor struct {
	cfg     editorConfig
	session *Session
	path    string        // autosave file, removed by runEditor at exit
	stop    chan struct{} // closed to end every chore
	doc     editorDoc
	lat     editorLatencies
	// typed carries what a person types (the "type" command) to the thread that draws, which
	// shows it and reports it in a "typed" event; shown is what it has shown so far.
	typed chan typedKey
	shown []rune
}

// typedKey is text a person typed, with the moment the command arrived.
type typedKey struct {
	text string
	at   time.Time
}

// editorShownRunes is how much of the typed text a "typed" event carries: its end.
const editorShownRunes = 60

// showTyped draws what a person typed and reports it, with how long it waited to be drawn.
func (e *editor) showTyped(k typedKey) {
	e.shown = append(e.shown, []rune(k.text)...)
	if over := len(e.shown) - editorShownRunes; over > 0 {
		e.shown = e.shown[over:]
	}
	render(e.doc.view(editorView))
	e.session.Emit(Event{"event": "typed", "model": e.cfg.model, "text": string(e.shown),
		"latency_ms": float64(time.Since(k.at).Microseconds()) / 1000})
}

// keyPeriod is the time between two synthetic keystrokes.
func (e *editor) keyPeriod() time.Duration { return time.Second / time.Duration(e.cfg.rate) }

// sleepUntil waits for t and reports false if the editor is stopping instead.
func (e *editor) sleepUntil(t time.Time) bool {
	timer := time.NewTimer(time.Until(t))
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-e.stop:
		return false
	}
}

// sleepOrTyped waits for t like sleepUntil, drawing whatever a person types meanwhile.
func (e *editor) sleepOrTyped(t time.Time) bool {
	timer := time.NewTimer(time.Until(t))
	defer timer.Stop()
	for {
		select {
		case <-timer.C:
			return true
		case <-e.stop:
			return false
		case k := <-e.typed:
			e.showTyped(k)
		}
	}
}

// every calls do at each multiple of period until the editor stops. A chore that overran skips
// the turns it missed, as a timer-driven checker would.
func (e *editor) every(period time.Duration, do func()) {
	next := time.Now().Add(period)
	for e.sleepUntil(next) {
		do()
		next = next.Add(period)
		if now := time.Now(); next.Before(now) {
			next = now.Add(period)
		}
	}
}

func (e *editor) save() {
	text := e.doc.view(editorMaxDoc)
	if err := autosave(e.path, text); err != nil {
		e.session.Errorf("autosave: %v", err)
		return
	}
	e.session.Emit(Event{"event": "autosave", "path": e.path, "bytes": len(text)})
}

// thread starts body on a named OS thread counted in wg and tells the driver its thread ID.
func (e *editor) thread(wg *sync.WaitGroup, name string, body func()) {
	wg.Add(1)
	tid := GoNamedThread(name, func() {
		defer wg.Done()
		body()
	})
	e.session.Emit(Event{"event": "thread", "name": name, "tid": tid})
}

// startThreads gives each chore a thread of its own. Keys pass from input to render through a
// channel stamped with the moment each key was pressed; the checkers and the saver read copies
// of the document and never hold up the drawing. The returned channel closes when all have ended.
func (e *editor) startThreads() <-chan struct{} {
	restore := LetKernelSchedule(6)
	keys := make(chan time.Time, editorMaxSamples)
	var wg sync.WaitGroup
	e.thread(&wg, "input", func() {
		defer close(keys)
		period := e.keyPeriod()
		// Keys are due at fixed times; a late wake-up sends every key already due, each with
		// the time it was pressed, so the lateness counts against the latency.
		due := time.Now().Add(period)
		for e.sleepUntil(due) {
			for !due.After(time.Now()) {
				select {
				case keys <- due:
				case <-e.stop:
					return
				}
				due = due.Add(period)
			}
		}
	})
	e.thread(&wg, "render", func() {
		for {
			select {
			case pressed, ok := <-keys:
				if !ok {
					return
				}
				e.doc.typeKey()
				render(e.doc.view(editorView))
				e.lat.add(time.Since(pressed))
			case k := <-e.typed:
				e.showTyped(k)
			}
		}
	})
	e.thread(&wg, "spellcheck", func() {
		e.every(editorSpellEvery, func() { spellcheck(e.doc.view(editorView), editorSpellBurst) })
	})
	e.thread(&wg, "grammar", func() {
		e.every(editorGrammarEach, func() { grammar(e.doc.view(editorView), editorGrammarWork) })
	})
	e.thread(&wg, "autosave", func() { e.every(editorSaveEvery, e.save) })
	done := make(chan struct{})
	go func() {
		wg.Wait()
		restore()
		close(done)
	}()
	return done
}

// startSingle runs every chore on one thread, in a loop that does whatever is due, keys first.
// A key pressed while the loop is in a spellcheck burst waits until the burst ends.
func (e *editor) startSingle() <-chan struct{} {
	var wg sync.WaitGroup
	// Named apart from the process, so a thread list shows the one thread that works.
	e.thread(&wg, "editor-loop", func() {
		period := e.keyPeriod()
		now := time.Now()
		nextKey, nextSpell := now.Add(period), now.Add(editorSpellEvery)
		nextGrammar, nextSave := now.Add(editorGrammarEach), now.Add(editorSaveEvery)
		// after moves a chore's next turn on by period, skipping turns it missed.
		after := func(t time.Time, period time.Duration) time.Time {
			t = t.Add(period)
			if now := time.Now(); t.Before(now) {
				t = now.Add(period)
			}
			return t
		}
		for {
			// What a person typed is drawn first, but only between chores: during a
			// spellcheck burst it waits, as every key of a single-threaded editor does.
			for drained := false; !drained; {
				select {
				case k := <-e.typed:
					e.showTyped(k)
				default:
					drained = true
				}
			}
			now := time.Now()
			switch {
			case !now.Before(nextKey):
				e.doc.typeKey()
				render(e.doc.view(editorView))
				e.lat.add(time.Since(nextKey))
				nextKey = nextKey.Add(period)
				continue
			case !now.Before(nextSpell):
				spellcheck(e.doc.view(editorView), editorSpellBurst)
				nextSpell = after(nextSpell, editorSpellEvery)
			case !now.Before(nextGrammar):
				grammar(e.doc.view(editorView), editorGrammarWork)
				nextGrammar = after(nextGrammar, editorGrammarEach)
			case !now.Before(nextSave):
				e.save()
				nextSave = after(nextSave, editorSaveEvery)
			}
			wake := nextKey
			for _, t := range []time.Time{nextSpell, nextGrammar, nextSave} {
				if t.Before(wake) {
					wake = t
				}
			}
			if !e.sleepOrTyped(wake) {
				return
			}
		}
	})
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	return done
}
