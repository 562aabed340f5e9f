package model

import (
	"testing"

	"github.com/taskscope/taskscope/trace"
)

// TestStatePublishesTrace: subscribers hear of each new trace once, with its offset.
func TestStatePublishesTrace(t *testing.T) {
	st := NewState()
	var got []*trace.Trace
	st.OnTrace(func(tr *trace.Trace) { got = append(got, tr) })
	a, b := &trace.Trace{}, &trace.Trace{}
	st.PublishTrace(a, 5)
	st.PublishTrace(a, 5)
	st.PublishTrace(b, 7)
	st.PublishTrace(nil, 0)
	if len(got) != 3 || got[0] != a || got[1] != b || got[2] != nil {
		t.Errorf("heard %v", got)
	}
	st.PublishTrace(b, 9)
	if tr, off := st.Trace(); tr != b || off != 9 {
		t.Errorf("Trace() = %p, %d", tr, off)
	}
}
