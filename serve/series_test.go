package serve

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSeriesPerHost scrapes an agent with the default flags and checks the count that
// `serve --help` and docs/fleet.md give: HostSeries, one per core, SeriesPerGroup per process
// group, no series with a pid, and about 44 of the Go runtime.
func TestSeriesPerHost(t *testing.T) {
	r := start(t, Config{Interval: 50 * time.Millisecond})
	code, body := get(t, r.URL+"/metrics", "")
	if code != 200 {
		t.Fatalf("/metrics: %d", code)
	}
	labels := regexp.MustCompile(`(\w+)="((?:[^"\\]|\\.)*)"`)
	var host, core, group, runtime, pid int
	cores := -1
	groups := map[string]bool{}
	for _, line := range strings.Split(string(body), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		name, rest, _ := strings.Cut(line, "{")
		name, _, _ = strings.Cut(name, " ")
		l := map[string]string{}
		for _, m := range labels.FindAllStringSubmatch(rest, -1) {
			l[m[1]] = m[2]
		}
		switch {
		case !strings.HasPrefix(name, "taskscope_"):
			runtime++
		case l["pid"] != "":
			pid++
		case l["core"] != "":
			core++
		case strings.HasPrefix(name, "taskscope_group_"):
			group++
			groups[l["process"]+"\x00"+l["user"]] = true
		default:
			host++
			if name == "taskscope_host_cores" {
				f := strings.Fields(line)
				n, err := strconv.ParseFloat(f[len(f)-1], 64)
				if err != nil {
					t.Fatal(err)
				}
				cores = int(n)
			}
		}
	}
	if host != HostSeries {
		t.Errorf("%d host series, want HostSeries = %d (serve --help and docs/fleet.md say so)", host, HostSeries)
	}
	if core != cores {
		t.Errorf("%d core series, want one per core (%d)", core, cores)
	}
	if len(groups) == 0 || group != SeriesPerGroup*len(groups) {
		t.Errorf("%d group series for %d groups, want %d per group", group, len(groups), SeriesPerGroup)
	}
	if pid != 0 {
		t.Errorf("%d series carry a pid with the default flags", pid)
	}
	if runtime < 30 || runtime > 60 {
		t.Errorf("%d series of the Go runtime and process, the help says about 44", runtime)
	}
	t.Logf("series: %d host, %d core, %d group (%d groups), %d runtime", host, core, group, len(groups), runtime)
	var out, errb bytes.Buffer
	if c := Main("taskscope-agent", []string{"--help"}, &out, &errb); c != 0 || !strings.Contains(errb.String(), "Series per host with the default flags: 13, plus 1 per logical CPU") {
		t.Errorf("serve --help: exit %d, no series count in %q", c, errb.String())
	}
}
