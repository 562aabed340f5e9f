package model

import (
	"slices"
	"strings"
	"testing"

	"github.com/taskscope/taskscope/inspect"
)

// appSnap is a desktop: a browser app of three processes (one of them another user's, whose I/O
// the kernel would not tell), a service, and two processes in no app.
func appSnap() *inspect.Snapshot {
	return &inspect.Snapshot{Processes: []inspect.Process{
		{PID: 1, Name: "systemd", User: "root", State: "S", IOUnavailable: true, RSSBytes: 10 << 20, NumThreads: 1},
		{PID: 50, Name: "cupsd", User: "root", State: "S", App: "cups.service", CPUPercent: 1, RSSBytes: 5 << 20,
			NumThreads: 2, WriteBytesPerSec: 100},
		{PID: 100, Name: "firefox", User: "ann", State: "S", App: "org.mozilla.firefox", CPUPercent: 20, RSSBytes: 500 << 20,
			NumThreads: 30, ReadBytesPerSec: 1 << 20, WriteBytesPerSec: 2048},
		{PID: 101, Name: "Web Content", User: "ann", State: "R", App: "org.mozilla.firefox", CPUPercent: 60, RSSBytes: 200 << 20,
			NumThreads: 20, WriteBytesPerSec: 1024},
		{PID: 102, Name: "crashhelper", User: "root", State: "S", App: "org.mozilla.firefox", RSSBytes: 1 << 20,
			NumThreads: 1, IOUnavailable: true},
		{PID: 200, Name: "bash", User: "ann", State: "S", CPUPercent: 90, RSSBytes: 4 << 20, NumThreads: 1},
	}}
}

// rowText is each row as "name|cpu|rss|read|write", top to bottom; a group's name is followed by
// its PID cell, the count of its processes.
func rowText(m *RowModel) []string {
	var out []string
	for _, r := range m.Rows {
		cells := []string{r.Cell(ColName), r.Cell(ColCPU), r.Cell(ColRSS), r.Cell(ColRead), r.Cell(ColWrite)}
		if r.Group() != nil {
			cells[0] += " (" + r.Cell(ColPID) + ")"
		}
		out = append(out, strings.Join(cells, "|"))
	}
	return out
}

func TestBuildRowsGroupByApp(t *testing.T) {
	cases := []struct {
		name string
		o    Options
		want []string
	}{
		{"by CPU, busiest app first, others last", Options{TableSettings: TableSettings{SortCol: ColCPU, Desc: true, GroupApps: true}}, []string{
			"firefox (×3)|80.0|701 MiB|≥ 1.0 MiB/s|≥ 3.0 KiB/s",
			"  Web Content|60.0|200 MiB|0 B/s|1.0 KiB/s",
			"  firefox|20.0|500 MiB|1.0 MiB/s|2.0 KiB/s",
			"  crashhelper|0.0|1.0 MiB|no permission|no permission",
			"cups.service (×1)|1.0|5.0 MiB|0 B/s|100 B/s",
			"  cupsd|1.0|5.0 MiB|0 B/s|100 B/s",
			"Other processes (×2)|90.0|14.0 MiB|≥ 0 B/s|≥ 0 B/s", // bash is busier, yet last
			"  bash|90.0|4.0 MiB|0 B/s|0 B/s",
			"  systemd|0.0|10.0 MiB|no permission|no permission",
		}},
		{"by name, a filter leaves one group", Options{Filter: "app~mozilla cpu>10", TableSettings: TableSettings{SortCol: ColName, GroupApps: true}}, []string{
			"firefox (×2)|80.0|700 MiB|1.0 MiB/s|3.0 KiB/s",
			"  Web Content|60.0|200 MiB|0 B/s|1.0 KiB/s",
			"  firefox|20.0|500 MiB|1.0 MiB/s|2.0 KiB/s",
		}},
		{"only processes without permission", Options{Filter: "pid=1", TableSettings: TableSettings{GroupApps: true}}, []string{
			"Other processes (×1)|0.0|10.0 MiB|no permission|no permission",
			"  systemd|0.0|10.0 MiB|no permission|no permission",
		}},
		{"by write rate ascending", Options{TableSettings: TableSettings{SortCol: ColWrite, GroupApps: true}}, []string{
			"cups.service (×1)|1.0|5.0 MiB|0 B/s|100 B/s",
			"  cupsd|1.0|5.0 MiB|0 B/s|100 B/s",
			"firefox (×3)|80.0|701 MiB|≥ 1.0 MiB/s|≥ 3.0 KiB/s",
			"  crashhelper|0.0|1.0 MiB|no permission|no permission", // unknown sorts below 0
			"  Web Content|60.0|200 MiB|0 B/s|1.0 KiB/s",
			"  firefox|20.0|500 MiB|1.0 MiB/s|2.0 KiB/s",
			"Other processes (×2)|90.0|14.0 MiB|≥ 0 B/s|≥ 0 B/s",
			"  systemd|0.0|10.0 MiB|no permission|no permission",
			"  bash|90.0|4.0 MiB|0 B/s|0 B/s",
		}},
		{"not grouped", Options{TableSettings: TableSettings{SortCol: ColRead, Desc: true}}, []string{
			"firefox|20.0|500 MiB|1.0 MiB/s|2.0 KiB/s",
			"cupsd|1.0|5.0 MiB|0 B/s|100 B/s",
			"Web Content|60.0|200 MiB|0 B/s|1.0 KiB/s",
			"bash|90.0|4.0 MiB|0 B/s|0 B/s",
			"systemd|0.0|10.0 MiB|no permission|no permission",
			"crashhelper|0.0|1.0 MiB|no permission|no permission",
		}},
	}
	for _, c := range cases {
		m := BuildRows(appSnap(), c.o)
		if got := rowText(m); !slices.Equal(got, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// TestRowsNotRecorded: a replayed snapshot carries no disk I/O; its cells and its groups say
// "not recorded", never "no permission", and a group mixing both reasons says "no permission".
func TestRowsNotRecorded(t *testing.T) {
	snap := appSnap()
	for i := range snap.Processes {
		p := &snap.Processes[i]
		if p.PID == 1 {
			continue // systemd stays refused
		}
		p.ReadBytesPerSec, p.WriteBytesPerSec, p.IOUnavailable, p.IONotRecorded = 0, 0, true, true
	}
	m := BuildRows(snap, Options{TableSettings: TableSettings{SortCol: ColPID, GroupApps: true}})
	want := []string{
		"cups.service (×1)|1.0|5.0 MiB|not recorded|not recorded",
		"  cupsd|1.0|5.0 MiB|not recorded|not recorded",
		"firefox (×3)|80.0|701 MiB|not recorded|not recorded",
		"  firefox|20.0|500 MiB|not recorded|not recorded",
		"  Web Content|60.0|200 MiB|not recorded|not recorded",
		"  crashhelper|0.0|1.0 MiB|not recorded|not recorded",
		"Other processes (×2)|90.0|14.0 MiB|no permission|no permission",
		"  systemd|0.0|10.0 MiB|no permission|no permission",
		"  bash|90.0|4.0 MiB|not recorded|not recorded",
	}
	if got := rowText(m); !slices.Equal(got, want) {
		t.Errorf("grouped replay:\n got %q\nwant %q", got, want)
	}
}

// TestGroupRowKeys: a group row is no process: its key is not a PID, differs from every other
// row's, and finding a process still finds the process's row.
func TestGroupRowKeys(t *testing.T) {
	m := BuildRows(appSnap(), Options{TableSettings: TableSettings{SortCol: ColPID, GroupApps: true, Threads: false}})
	seen := map[inspect.TaskKey]bool{}
	for _, r := range m.Rows {
		if seen[r.Proc] {
			t.Errorf("key %v on two rows", r.Proc)
		}
		seen[r.Proc] = true
		if (r.Group() != nil) != (r.Proc.ID < 0) {
			t.Errorf("row %q: group %v but key %v", r.Cell(ColName), r.Group() != nil, r.Proc)
		}
	}
	if i := m.Find(inspect.TaskKey{ID: 101}, 0); i < 0 || m.Rows[i].Cell(ColName) != "  Web Content" {
		t.Errorf("Find(101) = %d", i)
	}
	if m.Shown != 6 {
		t.Errorf("Shown = %d, want 6 processes (group rows are not processes)", m.Shown)
	}
}

func TestCheckFilter(t *testing.T) {
	for _, c := range []struct {
		text  string
		apply bool
		says  string
	}{
		{"", true, ""},
		{"firefox", true, ""},
		{"cpu>5 rss>100M", true, ""},
		{"cpu>", false, `bad query "cpu>": cpu> needs a value after it`},
		{"colour=red", false, `unknown field "colour"`},
	} {
		apply, msg := CheckFilter(c.text)
		if apply != c.apply || !strings.Contains(msg, c.says) || (c.says == "") != (msg == "") {
			t.Errorf("CheckFilter(%q) = %v, %q; want %v, %q", c.text, apply, msg, c.apply, c.says)
		}
	}
}

func TestAppGroupTitle(t *testing.T) {
	for app, want := range map[string]string{
		"":                       OtherApps,
		"org.gnome.TextEditor":   "TextEditor",
		"org.mozilla.firefox":    "firefox",
		"firefox":                "firefox",
		"cups.service":           "cups.service",
		"getty@tty1.service":     "getty@tty1.service",
		"container 0123456789ab": "container 0123456789ab",
		"a.b.":                   "a.b.",
	} {
		if got := (&AppGroup{App: app}).Title(); got != want {
			t.Errorf("Title of %q = %q, want %q", app, got, want)
		}
	}
}
