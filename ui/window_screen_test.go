package ui

import (
	"errors"
	"testing"

	"github.com/go-gl/glfw/v3.4/glfw"
)

// TestRecoverGLFWOnlyStopsGLFWPanics: the GLFW error a screen query raises without a window
// system is stopped; any other panic goes on.
func TestRecoverGLFWOnlyStopsGLFWPanics(t *testing.T) {
	run := func(v any) (again any) {
		defer func() { again = recover() }()
		func() {
			defer recoverGLFW()
			panic(v)
		}()
		return nil
	}
	if again := run(&glfw.Error{Desc: "The GLFW library is not initialized"}); again != nil {
		t.Errorf("a GLFW error went on: %v", again)
	}
	other := errors.New("index out of range")
	if again := run(other); again != other {
		t.Errorf("another panic was stopped (got %v)", again)
	}
	if again := run("a string"); again != "a string" {
		t.Errorf("a string panic was stopped (got %v)", again)
	}
	func() {
		defer recoverGLFW() // no panic: nothing to do
	}()
}
