package record

import (
	"fmt"

	"github.com/taskscope/taskscope/inspect"
)

// applyProcesses reads the process changes of a delta and applies them to old, returning the new
// list. old is not modified; processes that did not change are copied as they are, sharing
// their thread lists.
func applyProcesses(d *dec, old []inspect.Process, v1 bool) ([]inspect.Process, error) {
	ng := d.count(1)
	gone := make(map[int]bool, ng)
	pid := 0
	for range ng {
		pid += d.int()
		gone[pid] = true
	}
	nc := d.count(2)
	if d.err != nil {
		return nil, d.err
	}
	out := make([]inspect.Process, 0, len(old)-min(len(gone), len(old))+nc)
	i := 0
	// keep copies old processes below limit (or all, when limit is nil) that did not leave.
	keep := func(limit *int) {
		for i < len(old) && (limit == nil || old[i].PID < *limit) {
			if !gone[old[i].PID] {
				out = append(out, old[i])
			}
			i++
		}
	}
	pid = 0
	for k := range nc {
		next := pid + d.int()
		if k > 0 && next <= pid {
			return nil, fmt.Errorf("%w: changed processes out of order", errBadRecord)
		}
		pid = next
		mask := d.uvarint()
		if d.err != nil {
			return nil, d.err
		}
		keep(&pid)
		var o *inspect.Process
		if i < len(old) && old[i].PID == pid {
			o = &old[i]
			i++
		}
		if mask&pNew != 0 {
			p, err := readProcess(d, pid, v1)
			if err != nil {
				return nil, err
			}
			out = append(out, p)
			continue
		}
		if o == nil {
			return nil, fmt.Errorf("%w: a change to process %d, which is not there", errBadRecord, pid)
		}
		p, err := applyProcess(d, o, mask)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	keep(nil)
	return out, d.err
}

// applyProcess reads the changed fields of one process and returns o with them applied.
func applyProcess(d *dec, o *inspect.Process, mask uint64) (inspect.Process, error) {
	p := *o
	if mask&pPPID != 0 {
		p.PPID = d.int()
	}
	if mask&pName != 0 {
		p.Name = d.str()
	}
	if mask&pCmdline != 0 {
		p.Cmdline = d.str()
	}
	if mask&pUser != 0 {
		p.UID = d.int()
		p.User = d.str()
	}
	if mask&pState != 0 {
		p.State = d.str()
	}
	if mask&pKernel != 0 {
		p.KernelThread = d.bool1()
	}
	if mask&pCPU != 0 {
		p.CPUPercent = d.pct()
	}
	if mask&pRSS != 0 {
		p.RSSBytes = d.uvarint()
	}
	if mask&pNumThreads != 0 {
		p.NumThreads = d.int()
	}
	readDesktop(d, &p, mask)
	if mask&pThreads != 0 {
		threads, err := applyThreads(d, &p, o.Threads)
		if err != nil {
			return p, err
		}
		p.Threads = threads
	}
	return p, d.err
}

// applyThreads reads the thread changes of process p and applies them to old (in the order
// inspect.ThreadOrder gives), returning a new list.
func applyThreads(d *dec, p *inspect.Process, old []inspect.Thread) ([]inspect.Thread, error) {
	order := inspect.ThreadOrder(p.PID)
	ng := d.count(1)
	gone := make(map[int]bool, ng)
	tid := p.PID
	for range ng {
		tid += d.int()
		gone[tid] = true
	}
	nc := d.count(2)
	if d.err != nil {
		return nil, d.err
	}
	out := make([]inspect.Thread, 0, len(old)-min(len(gone), len(old))+nc)
	i := 0
	tid = p.PID
	for k := range nc {
		next := tid + d.int()
		if k > 0 && order(tid, next) >= 0 {
			return nil, fmt.Errorf("%w: changed threads out of order", errBadRecord)
		}
		tid = next
		mask := d.uvarint()
		if d.err != nil {
			return nil, d.err
		}
		for i < len(old) && order(old[i].TID, tid) < 0 {
			if !gone[old[i].TID] {
				out = append(out, old[i])
			}
			i++
		}
		var o *inspect.Thread
		if i < len(old) && old[i].TID == tid {
			o = &old[i]
			i++
		}
		if mask&tNew != 0 {
			out = append(out, readThread(d, p, tid, mask))
			continue
		}
		if o == nil {
			return nil, fmt.Errorf("%w: a change to thread %d, which is not there", errBadRecord, tid)
		}
		t := *o
		if mask&tName != 0 {
			if mask&tNameSame != 0 {
				t.Name = p.Name
			} else {
				t.Name = d.str()
			}
		}
		if mask&tState != 0 {
			t.State = d.str()
		}
		if mask&tCPU != 0 {
			t.CPUPercent = d.pct()
		}
		if mask&tCore != 0 {
			t.Core = d.int()
		}
		out = append(out, t)
	}
	for ; i < len(old); i++ {
		if !gone[old[i].TID] {
			out = append(out, old[i])
		}
	}
	return out, d.err
}
