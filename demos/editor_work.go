package demos

import (
	"bytes"
	"hash/fnv"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The editor's chores, the same in both models; only who runs them, and when, differs.
const (
	editorMaxDoc = 64 << 10 // the document keeps its newest 64 KiB; older text scrolls away
	editorView   = 2000     // bytes the screen shows and the checkers look at
	// A burst long enough to feel: a key that waits 120 ms behind it is seen to lag, where
	// one that waited 40 ms was only measured to.
	editorSpellEvery  = 600 * time.Millisecond
	editorSpellBurst  = 120 * time.Millisecond
	editorGrammarEach = 500 * time.Millisecond
	editorGrammarWork = 5 * time.Millisecond
	editorSaveEvery   = time.Second
)

// editorSample is what the synthetic typist types, over and over, with a typo now and then.
const editorSample = "threads of one process share its memory, so the thread that draws the " +
	"screen can show a keystroke while another thread checks the spelling of the page. " +
	"when one thread does everything, each key waits for whatever that thread is busy with. "

// editorDoc is the text being edited, shared by the chores of the threads model.
type editorDoc struct {
	mu    sync.Mutex
	text  []byte
	typed int
}

// typeKey appends the next character of the sample, misspelling one word in about forty.
func (d *editorDoc) typeKey() {
	d.mu.Lock()
	defer d.mu.Unlock()
	c := editorSample[d.typed%len(editorSample)]
	if d.typed%41 == 40 && c >= 'a' && c <= 'z' {
		c = 'a' + (c-'a'+1)%26
	}
	d.typed++
	if len(d.text) >= editorMaxDoc {
		d.text = append(d.text[:0], d.text[len(d.text)-editorMaxDoc/2:]...)
	}
	d.text = append(d.text, c)
}

// view copies the last n bytes, so a chore can work on them without holding the lock.
func (d *editorDoc) view(n int) []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]byte(nil), d.text[max(0, len(d.text)-n):]...)
}

// renderSink keeps the drawn frames observable, so the compiler cannot drop the drawing.
var renderSink atomic.Uint64

// render "draws" the screen: lays the visible text out in 80-column lines and hashes every cell,
// about what a terminal does to repaint, a few tens of microseconds.
func render(view []byte) {
	h := fnv.New64a()
	col := 0
	var cell [1]byte
	for _, c := range view {
		if col == 80 || c == '\n' {
			col = 0
			h.Write([]byte{'\n'})
		}
		cell[0] = c
		h.Write(cell[:])
		col++
	}
	renderSink.Add(h.Sum64())
}

// editorDictionary lists the sample's words once each: the words the checker knows.
var editorDictionary = func() []string {
	seen := map[string]bool{}
	var words []string
	for _, w := range strings.Fields(editorSample) {
		w = strings.Trim(w, ",.")
		if !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}()

// spellcheck finds, for each visible word again and again until budget is spent, the closest
// dictionary word by edit distance: the CPU-heavy part of suggesting corrections. It returns
// how many words it could not find.
func spellcheck(view []byte, budget time.Duration) (unknown int) {
	words := strings.Fields(string(view))
	if len(words) == 0 {
		return 0
	}
	end := time.Now().Add(budget)
	for i := 0; time.Now().Before(end); i++ {
		w := strings.Trim(words[i%len(words)], ",.")
		best := len(w) + 1
		for _, d := range editorDictionary {
			best = min(best, editDistance(w, d))
		}
		if best > 0 && i < len(words) {
			unknown++
		}
	}
	return unknown
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// grammar looks for a word typed twice in a row, over the visible text, repeating the pass until
// budget is spent: lighter and shorter than the spellcheck.
func grammar(view []byte, budget time.Duration) (doubled int) {
	end := time.Now().Add(budget)
	for pass := 0; pass == 0 || time.Now().Before(end); pass++ {
		words := bytes.Fields(view)
		n := 0
		for i := 1; i < len(words); i++ {
			if bytes.Equal(words[i], words[i-1]) {
				n++
			}
		}
		doubled = n
	}
	return doubled
}

// autosave writes the whole document to path, replacing what was there.
func autosave(path string, text []byte) error {
	return os.WriteFile(path, text, 0o600)
}
