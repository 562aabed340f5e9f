// Package testenv decides what a test does when the machine lacks something it needs (root, a
// capability, perf events, tracefs, a program): on an ordinary desktop the test checks the
// refusal the user would see and is skipped, the skip recorded so that `make test` can end with
// a summary and the one command that allows it; under CI (CI=true) the same lack fails the test,
// because CI installs and permits everything.
package testenv

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
)

// SkipsEnv names the environment variable holding the file that records skips; `make test`
// sets it and prints the file's summary at the end. Unset, skips are not recorded.
const SkipsEnv = "TASKSCOPE_SKIPS"

// InCI reports whether a missing prerequisite must fail a test instead of skipping it.
func InCI() bool { return os.Getenv("CI") == "true" }

// IsRoot reports whether the test runs with the effective user id 0.
func IsRoot() bool { return os.Geteuid() == 0 }

// Missing ends a test that cannot run here: what names the prerequisite ("perf events",
// "root"), why says what the machine answered, fix is the command that allows it. Under CI
// the test fails; otherwise it is skipped and the skip recorded.
func Missing(t testing.TB, what, why, fix string) {
	t.Helper()
	fix = ForTests(fix)
	msg := fmt.Sprintf("needs %s: %s", what, why)
	if fix != "" && !strings.Contains(why, fix) {
		msg += " (allow it with: " + fix + ")"
	}
	if InCI() {
		t.Fatalf("CI=true and this test %s; CI must run every test", msg)
	}
	record(t.Name(), what, fix)
	t.Skip(msg)
}

// Require ends the test through Missing when err (a probe of the prerequisite) is not nil.
func Require(t testing.TB, what string, err error, fix string) {
	t.Helper()
	if err != nil {
		Missing(t, what, err.Error(), fix)
	}
}

// RequireRoot ends the test through Missing unless it runs as root.
func RequireRoot(t testing.TB, why string) {
	t.Helper()
	if !IsRoot() {
		Missing(t, "root", fmt.Sprintf("runs as uid %d; %s", os.Geteuid(), why), "sudo make test")
	}
}

// CheckRefusal checks what a user is shown when the machine refuses: one line saying why and a
// fix that names a command (sudo, setcap, sysctl, mount) or says to run as root. It reports a
// failure when the refusal would leave the user without a way forward.
func CheckRefusal(t testing.TB, reason, fix string) {
	t.Helper()
	if strings.TrimSpace(reason) == "" || strings.Contains(reason, "\n") {
		t.Errorf("refusal reason %q: want one non-empty line", reason)
	}
	if !HasCommand(fix) {
		t.Errorf("refusal fix %q names no command that allows it", fix)
	}
}

// HasCommand reports whether a fix text names a command a user can run.
func HasCommand(fix string) bool {
	for _, w := range []string{"sudo ", "setcap ", "sysctl ", "mount ", "run as root", "make perf-access", "apt-get install", "--cap-add"} {
		if strings.Contains(fix, w) {
			return true
		}
	}
	return false
}

var recordMu sync.Mutex

// record appends one line "test<TAB>what<TAB>fix" to the skips file, when one is named.
func record(test, what, fix string) {
	path := os.Getenv(SkipsEnv)
	if path == "" {
		return
	}
	recordMu.Lock()
	defer recordMu.Unlock()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return // the summary is a courtesy; the skip itself is in the test log
	}
	defer f.Close()
	fmt.Fprintf(f, "%s\t%s\t%s\n", test, what, fix)
}

// SkipUnderRace skips a test that compares figures measured against the kernel's own (CPU
// percent against schedstat, speed-ups, costs) when the race detector slows every instrumented
// instruction: make check runs the race detector for the code's logic, and make test measures.
// Such a skip is not a missing prerequisite, so CI does not turn it into a failure.
func SkipUnderRace(t testing.TB, measures string) {
	t.Helper()
	if Race {
		t.Skip("under the race detector figures are not comparable: " + measures + " is checked by make test")
	}
}

// ForTests turns the fix a user of the app is shown into the one that lets the tests run: a
// capability set with setcap stays on one binary, and go test builds its test binaries afresh
// in a temporary directory, so where the app's user is told to setcap, the tests need root.
func ForTests(fix string) string {
	switch {
	case strings.Contains(fix, "sysctl kernel.perf_event_paranoid=2"):
		return "sudo sysctl kernel.perf_event_paranoid=2"
	case strings.Contains(fix, "setcap"):
		return "sudo make test (a test binary cannot keep a capability; for the app: make perf-access)"
	}
	return fix
}
