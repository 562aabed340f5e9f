// Package task is what the sampler (inspect) and the tracer (trace) both know about a Linux
// task: its stat line parsed without allocating, the list of a process's threads, the CPUs
// online, whether a process is ours, and the clock-tick unit of stat times. It exists so that
// neither of the two imports the other; it reads /proc and /sys directly and imports nothing of
// this module.
package task
