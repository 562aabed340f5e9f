//go:build !soak

package demotab

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
)

// TestReleaseHasNoSoakLoop checks that without -tags soak the soak variable does nothing: the
// loop, which crashes demos by itself, must not ship in the release binary.
func TestReleaseHasNoSoakLoop(t *testing.T) {
	t.Setenv("TASKSCOPE_SOAK_DEMO_LOOP", "1")
	test.NewTempApp(t)
	p := newPanel(model.NewState(), demos.NewLauncher(), func(f func()) { f() })
	startSoakLoop(p)
	if BuiltForSoak {
		t.Error("BuiltForSoak is true in a build without -tags soak")
	}
	for i, c := range p.cards {
		if c != nil {
			t.Errorf("card %s was built: the soak loop ran", registry[i].name)
		}
	}
}
