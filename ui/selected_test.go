package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/taskscope/taskscope/inspect"
)

// TestSchedMessage checks that the outcomes of pinning and renicing read well.
func TestSchedMessage(t *testing.T) {
	if m := schedMessage(fmt.Errorf("x: %w", inspect.ErrGone), "done"); !strings.Contains(m, "ended") {
		t.Errorf("gone: %q", m)
	}
	if m := schedMessage(errors.New("cannot pin pid 1: it belongs to another user"), "done"); !strings.HasPrefix(m, "Not done: cannot pin") {
		t.Errorf("refused: %q", m)
	}
}
