package record

import (
	"time"
)

// A sample record in a chunk's payload starts with one of these: a full sample (a keyframe,
// which needs nothing before it) or the changes since the sample before it.
const (
	recFull  byte = 0
	recDelta byte = 1
)

// Bits of a sample's mask: which machine-wide values follow because they changed.
const (
	sBoot uint64 = 1 << iota
	sHost
	sCores
	sMemory
	sCounts
	// sDisk, from version 2 on: the machine's disk traffic.
	sDisk
)

// Bits of a process's mask in a delta. pNew means a whole process follows (new, or its PID now
// names another task), which replaces whatever had that PID.
const (
	pNew uint64 = 1 << iota
	pPPID
	pName
	pCmdline
	pUser
	pState
	pKernel
	pCPU
	pRSS
	pNumThreads
	pThreads
	// From version 2 on: the process's app, disk I/O and GPU use.
	pApp
	pIO
	pGPU
)

// Bits of a thread's mask in a delta; tNew as pNew. tNameSame says the thread's name is its
// process's, so the most common name costs nothing.
const (
	tNew uint64 = 1 << iota
	tStart
	tName
	tNameSame
	tState
	tCPU
	tCore
)

// unixNano turns a time into what the file stores: nanoseconds since 1970, and 0 for "unknown"
// (the zero time, which a sampler reports when it could not read the boot time).
func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// fromUnixNano is the inverse of unixNano, giving local times as the sampler does.
func fromUnixNano(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns)
}
