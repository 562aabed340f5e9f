package main

// Helpers shared by the end-to-end test and the GUI speed benchmark: a private Xvfb, the real
// binary, an environment that keeps the user's settings out of reach, X-level screenshots and
// a crude reading of them.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// guiNeedTools skips the test when a program it drives is missing, or fails it when the run must
// cover the window (make test sets TASKSCOPE_REQUIRE_DISPLAY=1; CI sets CI).
func guiNeedTools(t *testing.T, tools ...string) {
	t.Helper()
	var missing []string
	for _, name := range tools {
		if _, err := exec.LookPath(name); err != nil {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := "missing " + strings.Join(missing, ", ") + " (make deps installs them)"
	if os.Getenv("TASKSCOPE_REQUIRE_DISPLAY") == "1" || os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// guiXvfb starts a private X server with one screen per size ("1600x1000x24") and returns
// its display name (":N") and the server's process. Xvfb picks a free display number itself and writes it to the pipe
// given by -displayfd, so parallel runs and other servers on the machine never collide.
func guiXvfb(t *testing.T, screens ...string) (string, *exec.Cmd) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	args := []string{"-displayfd", "3", "-nolisten", "tcp", "-noreset"}
	for i, s := range screens {
		args = append(args, "-screen", strconv.Itoa(i), s)
	}
	cmd := exec.Command("Xvfb", args...)
	cmd.ExtraFiles = []*os.File{w} // fd 3 in the child
	var logs guiBuffer
	cmd.Stderr = &logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		w.Close()
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() { guiStop(cmd, 3*time.Second) })

	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		got <- strings.TrimSpace(line)
	}()
	select {
	case n := <-got:
		if n == "" {
			t.Fatalf("Xvfb reported no display:\n%s", logs.String())
		}
		return ":" + n, cmd
	case <-time.After(15 * time.Second):
		t.Fatalf("Xvfb did not start within 15 s:\n%s", logs.String())
	}
	return "", nil
}

// guiBuild builds the real binary into a temporary directory, as a user would run it: with
// the Makefile's GUI_TAGS (no_animations), and tags besides.
func guiBuild(t *testing.T, tags ...string) string {
	t.Helper()
	tags = append([]string{"no_animations"}, tags...)
	bin := filepath.Join(t.TempDir(), "taskscope")
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatal("go is not on PATH:", err)
	}
	args := []string{"build", "-o", bin, "-tags", strings.Join(tags, ",")}
	cmd := exec.Command(goTool, append(args, ".")...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// guiEnv is the environment for a GUI program on display: the test's own, with a fresh
// home and XDG directories (so no run reads or changes the user's settings) and a UTF-8
// locale. It returns the environment and the config directory.
func guiEnv(t *testing.T, display string, extra ...string) ([]string, string) {
	t.Helper()
	home := t.TempDir()
	dirs := map[string]string{
		"HOME":            home,
		"XDG_CONFIG_HOME": filepath.Join(home, ".config"),
		"XDG_CACHE_HOME":  filepath.Join(home, ".cache"),
		"XDG_DATA_HOME":   filepath.Join(home, ".local", "share"),
		"XDG_RUNTIME_DIR": filepath.Join(home, "run"),
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case dirs[k] != "", k == "DISPLAY", k == "WAYLAND_DISPLAY", k == "LANG", strings.HasPrefix(k, "LC_"),
			k == "DBUS_SESSION_BUS_ADDRESS":
			continue // replaced below, or must not point at the user's session
		}
		env = append(env, kv)
	}
	for k, v := range dirs {
		env = append(env, k+"="+v)
	}
	env = append(env, "DISPLAY="+display, "LANG=C.UTF-8", "NO_AT_BRIDGE=1")
	return append(env, extra...), dirs["XDG_CONFIG_HOME"]
}

// guiPrefs writes the preferences a Fyne app with appID reads at start (where
// os.UserConfigDir points, as in fyne's internal/app/config_xdg.go).
func guiPrefs(t *testing.T, configHome, appID string, prefs map[string]any) {
	t.Helper()
	dir := filepath.Join(configHome, "fyne", appID)
	b, err := json.Marshal(prefs)
	if err == nil {
		err = os.MkdirAll(dir, 0o700)
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "preferences.json"), b, 0o600)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// guiStart starts a GUI program; its stderr is kept for failure messages. The program dies
// with the test binary.
func guiStart(t *testing.T, env []string, stderr io.Writer, name string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = env
	cmd.Stdout = stderr
	cmd.Stderr = stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { guiStop(cmd, 3*time.Second) })
	return cmd
}

// guiShotsDir is where a GUI test saves its screenshots: TASKSCOPE_SHOTS when set (made if
// missing), to look at afterwards, else a temporary directory.
func guiShotsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("TASKSCOPE_SHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// guiKey types key (an xdotool key name) on the display env names: into the X window id
// after giving it the focus, or into whichever window has the focus when id is "". GLFW takes
// the focus for each window it shows, so with several apps on one Xvfb the last one shown has it.
func guiKey(env []string, id, key string) error {
	args := []string{"key", key}
	if id != "" {
		args = append([]string{"windowfocus", id}, args...)
	}
	x := exec.Command("xdotool", args...)
	x.Env = env
	if out, err := x.CombinedOutput(); err != nil {
		return fmt.Errorf("xdotool %s: %v %s", strings.Join(args, " "), err, out)
	}
	return nil
}

// guiExited reports whether the started process cmd has ended. cmd.ProcessState cannot say so:
// it stays nil until someone waits, and nothing waits for a window while a test watches it.
// waitid with WNOWAIT asks without reaping, so guiStop can still wait for it afterwards.
func guiExited(cmd *exec.Cmd) bool {
	if cmd.ProcessState != nil {
		return true
	}
	var info unix.Siginfo
	err := unix.Waitid(unix.P_PID, cmd.Process.Pid, &info, unix.WEXITED|unix.WNOHANG|unix.WNOWAIT, nil)
	// info starts zeroed, and Linux leaves it so while the child runs (WNOHANG); an ended child
	// fills in SIGCHLD.
	return err != nil || info.Signo != 0
}

// guiWaitWindow screenshots display every 250 ms, for up to limit, until the window titled
// Taskscope is on it and check passes on the screenshot. It returns the last screenshot taken
// (nil when there was none), its PNG bytes, the window's rectangle within it, and check's last
// error. It fails the test at once, with logs, when cmd ends before that: a window that died
// would otherwise look like one slow to draw.
func guiWaitWindow(t *testing.T, cmd *exec.Cmd, logs *guiBuffer, display string, limit time.Duration,
	check func(image.Image, image.Rectangle) error) (image.Image, []byte, image.Rectangle, error) {
	t.Helper()
	var (
		img image.Image
		png []byte
		win image.Rectangle
		err = errors.New("no window titled Taskscope")
	)
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		if guiExited(cmd) {
			t.Fatalf("%s exited while its window was awaited: %v\n%s", strings.Join(cmd.Args, " "), cmd.Wait(), logs.String())
		}
		_, w, found := guiFindWindow(display, "Taskscope")
		if !found {
			continue
		}
		var shotErr error
		if img, png, shotErr = guiScreenshot(display); shotErr != nil {
			err = shotErr
			continue
		}
		win = w.Intersect(img.Bounds())
		if err = check(img, win); err == nil {
			break
		}
	}
	return img, png, win, err
}

// guiStop ends cmd if it still runs: SIGTERM, then SIGKILL after grace. It returns the
// exit error, and is safe to call again after the process was waited for.
func guiStop(cmd *exec.Cmd, grace time.Duration) error {
	if cmd.ProcessState != nil {
		return nil
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(grace):
		cmd.Process.Kill()
		return <-done
	}
}

// guiWindowLine matches a top-level window in `xwininfo -root -tree`:
// 0x200020 "Taskscope": ("Taskscope" "Taskscope")  1280x800+0+0  +0+0
var guiWindowLine = regexp.MustCompile(`^\s*(0x[0-9a-f]+) "([^"]*)":.*\s(\d+)x(\d+)\+(-?\d+)\+(-?\d+)\s+\+(-?\d+)\+(-?\d+)\s*$`)

// guiFindWindow looks for a mapped window titled title on display and returns its id and its
// rectangle on the screen. Tiny helper windows (GTK's and GLFW's 1x1 ones) are ignored.
func guiFindWindow(display, title string) (string, image.Rectangle, bool) {
	cmd := exec.Command("xwininfo", "-display", display, "-root", "-tree")
	out, err := cmd.Output()
	if err != nil {
		return "", image.Rectangle{}, false
	}
	for _, line := range strings.Split(string(out), "\n") {
		m := guiWindowLine.FindStringSubmatch(line)
		if m == nil || m[2] != title {
			continue
		}
		w, _ := strconv.Atoi(m[3])
		h, _ := strconv.Atoi(m[4])
		x, _ := strconv.Atoi(m[7])
		y, _ := strconv.Atoi(m[8])
		if w < 50 || h < 50 {
			continue
		}
		return m[1], image.Rect(x, y, x+w, y+h), true
	}
	return "", image.Rectangle{}, false
}

// screenshot takes the root window of display as X has it (not as the app thinks it drew it)
// and returns the decoded image and the PNG bytes.
func guiScreenshot(display string) (image.Image, []byte, error) {
	var stderr bytes.Buffer
	cmd := exec.Command("import", "-display", display, "-window", "root", "png:-")
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("import: %v: %s", err, stderr.String())
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, nil, fmt.Errorf("decoding import's PNG: %w", err)
	}
	return img, b, nil
}

// guiBuffer is a bytes.Buffer that a child's output and the test may use at once.
type guiBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *guiBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *guiBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
