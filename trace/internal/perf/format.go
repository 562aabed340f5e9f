package perf

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// ParseSchedSwitchFormat reads the offsets of the fields the tracer needs from the text of
// events/sched/sched_switch/format, lines like
//
//	field:char prev_comm[16];	offset:8;	size:16;	signed:0;
func ParseSchedSwitchFormat(b []byte) (*Layout, error) {
	type field struct{ off, size int }
	fields := map[string]field{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "field:") {
			continue
		}
		parts := strings.Split(line, ";")
		if len(parts) < 3 {
			continue
		}
		decl := strings.Fields(strings.TrimPrefix(parts[0], "field:"))
		if len(decl) == 0 {
			continue
		}
		name := decl[len(decl)-1]
		if i := strings.IndexByte(name, '['); i >= 0 {
			name = name[:i]
		}
		off, err1 := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(parts[1]), "offset:"))
		size, err2 := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(parts[2]), "size:"))
		if err1 != nil || err2 != nil || off < 0 || size <= 0 || off > 1<<12 || size > 1<<12 {
			return nil, fmt.Errorf("perf: sched_switch format: bad field line %q", line)
		}
		fields[name] = field{off, size}
	}
	need := []struct {
		name string
		size []int
	}{{"prev_comm", []int{16}}, {"prev_pid", []int{4}}, {"prev_state", []int{4, 8}}, {"next_comm", []int{16}}, {"next_pid", []int{4}}}
	lay := &Layout{}
	dst := []*int{&lay.prevComm, &lay.prevPID, &lay.prevState, &lay.nextComm, &lay.nextPID}
	for i, n := range need {
		f, ok := fields[n.name]
		if !ok {
			return nil, fmt.Errorf("perf: sched_switch format has no field %s", n.name)
		}
		okSize := false
		for _, s := range n.size {
			okSize = okSize || f.size == s
		}
		if !okSize {
			return nil, fmt.Errorf("perf: sched_switch field %s is %d bytes", n.name, f.size)
		}
		*dst[i] = f.off
		lay.size = max(lay.size, f.off+f.size)
	}
	lay.stateSize = fields["prev_state"].size
	return lay, nil
}
