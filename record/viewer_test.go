package record

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/testenv"
)

// The viewer test opens an export in speedscope (from npm) in Debian's headless chromium, as a
// person would, and reads what the page warns and lists. `make viewer-test` installs both;
// TASKSCOPE_SPEEDSCOPE names speedscope's dist/release directory when it is elsewhere.

// speedscopeDir returns the directory of speedscope's index.html, or "".
func speedscopeDir() string {
	dir := os.Getenv("TASKSCOPE_SPEEDSCOPE")
	if dir == "" {
		home, _ := os.UserHomeDir()
		dir = filepath.Join(home, ".cache", "taskscope-viewer", "node_modules", "speedscope", "dist", "release")
	}
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		return ""
	}
	return dir
}

func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// viewerResult is what the page showed: console warnings and errors, and the text of the page
// with the list of profiles (one per track) open.
type viewerResult struct {
	Warnings []string
	Text     string
	Took     time.Duration
}

// openInSpeedscope serves speedscope and the export over a local HTTP server, loads the page in
// headless chromium driven through the DevTools protocol on a pipe, waits for the profile to
// load, opens the profile list and returns what it found.
func openInSpeedscope(t testing.TB, export []byte) viewerResult {
	t.Helper()
	dir, chrome := speedscopeDir(), chromiumPath()
	if dir == "" || chrome == "" {
		// make test leaves this test to make viewer-test, which CI runs and which sets
		// TASKSCOPE_SPEEDSCOPE: only there is a missing viewer a failure under CI.
		if os.Getenv("TASKSCOPE_SPEEDSCOPE") == "" {
			t.Skip("speedscope (npm) and chromium are not installed: make viewer-test installs them and runs this test")
		}
		testenv.Missing(t, "speedscope (npm) and chromium", "not found", "make viewer-test")
	}
	began := time.Now()
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir(dir)))
	mux.HandleFunc("/export.json", func(w http.ResponseWriter, _ *http.Request) { w.Write(export) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	defer srv.Close()
	url := fmt.Sprintf("http://%s/index.html#profileURL=/export.json", ln.Addr())

	b := startBrowser(t, chrome)
	defer b.close()
	target := b.call(t, "", "Target.createTarget", map[string]any{"url": "about:blank"})
	var tid struct {
		TargetID string `json:"targetId"`
	}
	json.Unmarshal(target, &tid)
	att := b.call(t, "", "Target.attachToTarget", map[string]any{"targetId": tid.TargetID, "flatten": true})
	var sess struct {
		SessionID string `json:"sessionId"`
	}
	json.Unmarshal(att, &sess)
	b.call(t, sess.SessionID, "Runtime.enable", nil)
	b.call(t, sess.SessionID, "Page.navigate", map[string]any{"url": url})
	eval := func(js string) string {
		raw := b.call(t, sess.SessionID, "Runtime.evaluate", map[string]any{"expression": js, "returnByValue": true})
		var r struct {
			Result struct {
				Value any `json:"value"`
			} `json:"result"`
		}
		json.Unmarshal(raw, &r)
		s, _ := r.Result.Value.(string)
		return s
	}
	// The toolbar shows "(1/N)" beside the profile's name once the export is loaded.
	var text string
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		text = eval("document.body ? document.body.innerText : ''")
		if strings.Contains(text, "(1/") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("speedscope did not show a loaded profile within 60 s; the page says %q; console: %q", text, b.messages())
		}
	}
	// Open the profile list, as a click on the toolbar's title does, and read its rows: each
	// row's title is a profile's (a track's) full name.
	eval(`(() => { for (const el of document.querySelectorAll('div,span')) {
	  if (el.children.length === 0 && /\(1\/\d+\)/.test(el.textContent)) {
	    for (const ev of ['mousedown', 'mouseup', 'click']) el.dispatchEvent(new MouseEvent(ev, {bubbles: true}));
	    return 'clicked'; } }
	  return 'none'; })()`)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if text = eval("Array.from(document.querySelectorAll('tr[title]')).map(e => e.title).join('\\n')"); text != "" {
			break
		}
	}
	return viewerResult{Warnings: b.messages(), Text: text, Took: time.Since(began)}
}

// browser is headless chromium with the DevTools protocol on fds 3 (in) and 4 (out), where each
// message is JSON ended by a NUL byte.
type browser struct {
	cmd     *exec.Cmd
	in      *os.File
	profile string
	mu      sync.Mutex
	next    int
	wait    map[int]chan json.RawMessage
	logs    []string
}

func startBrowser(t testing.TB, chrome string) *browser {
	t.Helper()
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	// Not t.TempDir: chromium's helpers may still write there after it is killed.
	profile, err := os.MkdirTemp("", "taskscope-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(chrome, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--no-first-run", "--remote-debugging-pipe",
		"--user-data-dir="+profile, "about:blank")
	cmd.ExtraFiles = []*os.File{inR, outW}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	inR.Close()
	outW.Close()
	b := &browser{cmd: cmd, in: inW, profile: profile, wait: map[int]chan json.RawMessage{}}
	go b.read(outR)
	return b
}

func (b *browser) read(out *os.File) {
	r := bufio.NewReader(out)
	for {
		msg, err := r.ReadBytes(0)
		if err != nil {
			return
		}
		var m struct {
			ID     int             `json:"id"`
			Method string          `json:"method"`
			Result json.RawMessage `json:"result"`
			Error  json.RawMessage `json:"error"`
			Params struct {
				Type string `json:"type"`
				Args []struct {
					Value       any    `json:"value"`
					Description string `json:"description"`
				} `json:"args"`
				ExceptionDetails struct {
					Text      string `json:"text"`
					Exception struct {
						Description string `json:"description"`
					} `json:"exception"`
				} `json:"exceptionDetails"`
			} `json:"params"`
		}
		if json.Unmarshal(msg[:len(msg)-1], &m) != nil {
			continue
		}
		b.mu.Lock()
		switch {
		case m.ID != 0:
			if ch := b.wait[m.ID]; ch != nil {
				if m.Error != nil {
					ch <- m.Error
				} else {
					ch <- m.Result
				}
			}
		case m.Method == "Runtime.consoleAPICalled" && (m.Params.Type == "warning" || m.Params.Type == "error"):
			var parts []string
			for _, a := range m.Params.Args {
				parts = append(parts, fmt.Sprint(a.Value)+a.Description)
			}
			b.logs = append(b.logs, m.Params.Type+": "+strings.Join(parts, " "))
		case m.Method == "Runtime.exceptionThrown":
			b.logs = append(b.logs, "exception: "+m.Params.ExceptionDetails.Text+" "+m.Params.ExceptionDetails.Exception.Description)
		}
		b.mu.Unlock()
	}
}

// call sends one command (to a session when one is given) and waits for its answer.
func (b *browser) call(t testing.TB, session, method string, params any) json.RawMessage {
	t.Helper()
	b.mu.Lock()
	b.next++
	id := b.next
	ch := make(chan json.RawMessage, 1)
	b.wait[id] = ch
	b.mu.Unlock()
	msg := map[string]any{"id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	raw, _ := json.Marshal(msg)
	if _, err := b.in.Write(append(raw, 0)); err != nil {
		t.Fatalf("devtools %s: %v", method, err)
	}
	select {
	case res := <-ch:
		return res
	case <-time.After(30 * time.Second):
		t.Fatalf("devtools %s: no answer in 30 s", method)
	}
	return nil
}

func (b *browser) messages() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.logs...)
}

func (b *browser) close() {
	b.in.Close()
	b.cmd.Process.Kill()
	b.cmd.Wait()
	os.RemoveAll(b.profile)
}

// TestSpeedscopeReadsExport records the tokens workload with an exact trace, exports it and
// opens it in speedscope: no warning may be logged (speedscope warns "Tried to end" for a
// slice that ends after the next begins), and the profile list must hold the CPU tracks and
// the workload's thread names. TASKSCOPE_VIEWER_FILE checks a given export instead, and only
// reports (to measure an old export); TASKSCOPE_VIEWER_KEEP names a file to keep the export in.
func TestSpeedscopeReadsExport(t *testing.T) {
	if f := os.Getenv("TASKSCOPE_VIEWER_FILE"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res := openInSpeedscope(t, b)
		tried := 0
		for _, w := range res.Warnings {
			if strings.Contains(w, "Tried to end") {
				tried++
			}
		}
		t.Logf("%s: %d console warnings, %d of them \"Tried to end\", in %v", f, len(res.Warnings), tried, res.Took)
		return
	}
	doc, names := tokensExport(t)
	if keep := os.Getenv("TASKSCOPE_VIEWER_KEEP"); keep != "" {
		// To look at an export speedscope complained of.
		if err := os.WriteFile(keep, doc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := openInSpeedscope(t, doc)
	t.Logf("speedscope loaded the export (%d KiB) in %v and listed %d tracks", len(doc)>>10, res.Took, strings.Count(res.Text, "\n")+1)
	if len(res.Warnings) > 0 {
		t.Errorf("speedscope logged %d warnings, e.g. %q", len(res.Warnings), res.Warnings[:min(3, len(res.Warnings))])
	}
	for _, want := range append(names, "CPU 0") {
		if !strings.Contains(res.Text, want) {
			t.Errorf("the profile list does not name %q; the page says:\n%s", want, res.Text)
		}
	}
}

// TestSpeedscopeReadsNoData opens the export of a recording with a damaged chunk and a cut
// tail in speedscope: the no-data slices load without a warning.
func TestSpeedscopeReadsNoData(t *testing.T) {
	const step = 500 * time.Millisecond
	clean := recordAll(t, synth(14, 40, step), Options{Interval: step, KeyframeEvery: 5 * time.Second})
	full := openBytes(t, clean)
	c := full.chunks[5]
	b := append([]byte(nil), clean[:full.chunks[len(full.chunks)-1].offset+chunkHeaderSize+10]...)
	for i := c.offset + chunkHeaderSize + 8; i < c.offset+chunkHeaderSize+72; i++ {
		b[i] ^= 0xff
	}
	doc := exportBytes(t, b)
	if !strings.Contains(string(doc), `"name":"no data"`) {
		t.Fatal("the export of a damaged file has no no-data slice")
	}
	res := openInSpeedscope(t, doc)
	if len(res.Warnings) > 0 {
		t.Errorf("speedscope logged %d warnings, e.g. %q", len(res.Warnings), res.Warnings[:min(3, len(res.Warnings))])
	}
	if !strings.Contains(res.Text, "CPU 0") {
		t.Errorf("the profile list does not name CPU 0:\n%s", res.Text)
	}
}
