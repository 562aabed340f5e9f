package record

import "github.com/taskscope/taskscope/internal/proctest"

// benchThreads is the load the size and cost targets are measured on: this many sleeping threads
// on top of whatever the machine runs, as for the sampler's own benchmarks.
const benchThreads = 5000

// load is the sleeping-threads helper, started by the first benchmark that needs it
// (load.Need) and stopped when the test binary ends.
var load = proctest.SharedSleepers(benchThreads)
