// Package trace records exactly which threads ran on which core and when: every context switch
// of the traced tasks, from perf context-switch events opened on a program it starts (Start) or
// a process it attaches to (Attach), or from the sched:sched_switch tracepoint on every CPU for
// the whole machine (Machine). A Tracer turns those records into immutable Traces: runs per
// thread and per core, with the stretches where the kernel dropped records marked unknown,
// never guessed. Where the kernel refuses perf events, SampleProgram and SampleProcess read
// /proc at intervals instead and say so (Source "sampled", not Exact).
//
// The raw perf_event_open calls, the ring buffers and the record decoder live in
// trace/internal/perf; what the tracer shares with the sampler (inspect), such as the task stat
// parser, lives in internal/task. A binary that calls Start must call ExecIfGate first thing in
// main: the traced program is started through a copy of the binary itself.
package trace
