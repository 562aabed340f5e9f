package cores

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/trace"
	"github.com/taskscope/taskscope/ui/model"
)

// machineLabel is the toggle's text.
const machineLabel = "Exact (whole machine)"

// machineControl is the toggle that traces every switch on every core (sched_switch), and the
// line beside it that says why it is off limits when it is. The trace itself is the model's
// (State.SetMachineExact): the toggle only asks for it.
type machineControl struct {
	st     *model.State
	opts   trace.Options
	check  *widget.Check
	reason *widget.Label
	box    fyne.CanvasObject
}

// newMachineControl probes once whether a whole-machine trace is permitted (a cheap open and
// close of the tracepoint event); when it is not, the toggle is disabled and the line gives
// the reason and the command that allows it.
func newMachineControl(st *model.State, opts trace.Options) *machineControl {
	m := &machineControl{st: st, opts: opts}
	m.reason = &widget.Label{Wrapping: fyne.TextWrapWord}
	m.check = widget.NewCheck(machineLabel, m.toggle)
	if err := model.ProbeMachineTrace(opts); err != nil {
		m.check.Disable()
		m.reason.SetText("Not permitted: " + err.Error())
	} else {
		m.reason.SetText("Traces every context switch of every thread (sched_switch); keeps the last minute.")
	}
	m.box = container.NewBorder(nil, nil, m.check, nil, m.reason)
	// A recording or a remote host is not this machine: a trace of this kernel would draw
	// another machine's switches over its lanes.
	refused, why := m.check.Disabled(), m.reason.Text
	st.OnSourceInfo(func(info model.SourceInfo) {
		if info.Kind == model.SourceLive {
			if !refused {
				m.check.Enable()
			}
			m.reason.SetText(why)
			return
		}
		if m.check.Checked {
			m.check.SetChecked(false) // stops the trace through toggle
		}
		m.check.Disable()
		m.reason.SetText("Off: the lanes show a recording or a remote host, not this machine's kernel.")
	})
	return m
}

// toggle starts or stops the trace; a refusal at start (permissions changed since the probe)
// unticks the toggle and says why.
func (m *machineControl) toggle(on bool) {
	if err := m.st.SetMachineExact(on, m.opts); err != nil {
		m.check.SetChecked(false)
		m.reason.SetText("Could not start: " + err.Error())
	}
}
