package inspect

import (
	"context"
	"os"
	"time"

	"github.com/shirou/gopsutil/v4/common"
	"github.com/shirou/gopsutil/v4/cpu"
	"github.com/shirou/gopsutil/v4/host"
)

// readHost gathers the host facts with gopsutil, reading the proc tree at procRoot, and the boot
// time. Each fact that cannot be read stays empty: a missing CPU model is no reason to show no
// processes. Uptime is left for each Snapshot to compute from the boot time.
func readHost(ctx context.Context, procRoot string) (Host, time.Time) {
	ctx = context.WithValue(ctx, common.EnvKey, common.EnvMap{common.HostProcEnvKey: procRoot})
	var h Host
	h.Hostname, _ = os.Hostname()
	h.Kernel, _ = host.KernelVersionWithContext(ctx)
	if infos, err := cpu.InfoWithContext(ctx); err == nil && len(infos) > 0 {
		h.CPUModel = infos[0].ModelName
	}
	h.LogicalCores, _ = cpu.CountsWithContext(ctx, true)
	h.PhysicalCores, _ = cpu.CountsWithContext(ctx, false)
	var boot time.Time
	if secs, err := host.BootTimeWithContext(ctx); err == nil && secs > 0 {
		boot = time.Unix(int64(secs), 0)
		h.Uptime = time.Since(boot)
	}
	return h, boot
}
