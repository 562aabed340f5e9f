// Package perf is the tracer's contact with the kernel's perf events: the perf_event_open call
// and the attributes of the context-switch and sched_switch events, the memory-mapped ring
// buffer of each CPU read without locks, the decoder of the records in it, and the parser of
// the tracepoint's format file. It turns bytes into Records and knows nothing of threads,
// runs or Traces, which the trace package builds from them.
package perf
