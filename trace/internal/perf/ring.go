package perf

import (
	"fmt"
	"os"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Ring is one CPU's ring buffer: the perf event that owns it, the mapped metadata page and
// the data pages after it. The kernel writes at data_head; the reader frees up to data_tail.
type Ring struct {
	FD      int // the event that owns the ring
	CPU     int
	mem     []byte
	meta    *unix.PerfEventMmapPage
	data    []byte
	scratch []byte
	// lastTime is the time of the last record read from this ring: when a LOST record comes,
	// the records lost were written after it.
	LastTime int64
}

// MapRing maps the ring buffer of event fd (pages data pages plus the metadata page).
func MapRing(fd, cpu, pages int) (*Ring, error) {
	ps := os.Getpagesize()
	mem, err := unix.Mmap(fd, 0, (pages+1)*ps, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("perf: map the perf ring of CPU %d (%d KiB; an ordinary user may lock about %s KiB per CPU, see kernel.perf_event_mlock_kb): %w",
			cpu, pages*ps/1024, mlockKB(), err)
	}
	r := &Ring{FD: fd, CPU: cpu, mem: mem}
	r.meta = (*unix.PerfEventMmapPage)(unsafe.Pointer(&mem[0]))
	off, size := uint64(ps), uint64(pages*ps)
	if r.meta.Data_offset != 0 && r.meta.Data_size != 0 {
		off, size = r.meta.Data_offset, r.meta.Data_size
	}
	if off+size > uint64(len(mem)) {
		unix.Munmap(mem)
		return nil, fmt.Errorf("perf: perf ring of CPU %d: data at %d+%d outside the %d mapped bytes", cpu, off, size, len(mem))
	}
	r.data = mem[off : off+size]
	return r, nil
}

// mlockKB reads the per-CPU allowance for ring buffers.
func mlockKB() string {
	b, err := os.ReadFile("/proc/sys/kernel/perf_event_mlock_kb")
	if err != nil {
		return "?"
	}
	return string(b[:len(b)-1])
}

// Drain hands every record written since the last drain to fn, then frees their space. The
// head is read with acquire order and the tail stored with release order, as the kernel's
// side expects, so the records read are complete and the kernel does not overwrite them
// while fn runs. Bytes that cannot be read as records are skipped; dropped reports how many.
// fill is how full the ring was, from 0 to 1.
func (r *Ring) Drain(fn func([]byte)) (dropped uint64, fill float64) {
	head := atomic.LoadUint64(&r.meta.Data_head)
	tail := atomic.LoadUint64(&r.meta.Data_tail)
	fill = float64(head-tail) / float64(len(r.data))
	got, scratch, err := ringRecords(r.data, tail, head, r.scratch, fn)
	r.scratch = scratch
	if err != nil {
		dropped = head - got
	}
	atomic.StoreUint64(&r.meta.Data_tail, head)
	return dropped, fill
}

// Close unmaps the ring and closes its event.
func (r *Ring) Close() {
	if r.mem != nil {
		unix.Munmap(r.mem)
		r.mem = nil
	}
	unix.Close(r.FD)
}
