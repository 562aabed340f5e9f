package claims

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Machine describes where the claims were measured.
type Machine struct {
	// Cores is the number of logical CPUs.
	Cores int `json:"cores"`
	// Kernel is the kernel's release, as `uname -r` prints it.
	Kernel string `json:"kernel"`
	// Python is the version of the Python the python demo runs, "" when there is none.
	Python string `json:"python"`
	// LoadAverage is the one-minute load average when the measurement began: a busy machine
	// explains a speedup smaller than the number of cores.
	LoadAverage float64 `json:"load_average"`
}

// pythonVersionLimit bounds the question to Python about its version.
const pythonVersionLimit = 5 * time.Second

// ReadMachine gathers the machine's facts. python is the Python to ask ("" for python3); one that
// is missing or does not answer leaves Python empty.
func ReadMachine(ctx context.Context, python string) Machine {
	m := Machine{Cores: runtime.NumCPU()}
	var u unix.Utsname
	if unix.Uname(&u) == nil {
		m.Kernel = unix.ByteSliceToString(u.Release[:])
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 0 {
			m.LoadAverage, _ = strconv.ParseFloat(f[0], 64)
		}
	}
	if python == "" {
		python = "python3"
	}
	ctx, cancel := context.WithTimeout(ctx, pythonVersionLimit)
	defer cancel()
	out, err := exec.CommandContext(ctx, python, "-c", "import platform; print(platform.python_version())").Output()
	if err == nil {
		m.Python = strings.TrimSpace(string(out))
	}
	return m
}
