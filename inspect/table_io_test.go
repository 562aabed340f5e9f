package inspect

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"
)

// TestExportsCarryAppsAndIO: the text table and the CSV of `taskscope snapshot` and of the
// window's export show each process's app and disk rates, "no permission" where the kernel
// refused and "not recorded" where the source never had the figures, and the machine's disk.
func TestExportsCarryAppsAndIO(t *testing.T) {
	f := newFixture(t)
	f.sample(t, "proc-t0", 0)
	snap := f.sample(t, "proc-t1", time.Second)

	var text bytes.Buffer
	if err := WriteTable(&text, snap); err != nil {
		t.Fatal(err)
	}
	out := text.String()
	for _, want := range []string{"READ/s  WRITE/s", "APP", "disk read 1000.0K/s, write 2.0M/s",
		"976.6K/s   2.0K/s", "org.example.Weird", "container 0123456789ab memhog", "no perm  no perm"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "not recorded") {
		t.Errorf("a live sample's table speaks of recordings:\n%s", out)
	}

	var b bytes.Buffer
	if err := WriteCSV(&b, snap); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	if col["pid"] != 0 || col["cmdline"] != 15 {
		t.Errorf("older columns moved: %q", rows[0])
	}
	got := map[string][4]string{}
	for _, r := range rows[1:] {
		got[r[col["pid"]]] = [4]string{r[col["app"]], r[col["read_bytes_per_sec"]], r[col["write_bytes_per_sec"]], r[col["io_unknown"]]}
	}
	for pid, want := range map[string][4]string{
		"100": {"org.example.Weird", "1000000", "2048", ""},
		"700": {"container 0123456789ab", "", "", "no permission"},
	} {
		if got[pid] != want {
			t.Errorf("csv pid %s: app, read, write, unknown = %q, want %q", pid, got[pid], want)
		}
	}

	// A replayed snapshot: the figures were never recorded.
	replayed := *snap
	replayed.Processes = append([]Process(nil), snap.Processes...)
	for i := range replayed.Processes {
		p := &replayed.Processes[i]
		p.ReadBytesPerSec, p.WriteBytesPerSec, p.IOUnavailable, p.IONotRecorded = 0, 0, true, true
	}
	text.Reset()
	if err := WriteTable(&text, &replayed); err != nil {
		t.Fatal(err)
	}
	if out := text.String(); strings.Contains(out, "no perm") || !strings.Contains(out, "- means not recorded") {
		t.Errorf("replayed table:\n%s", out)
	}
	b.Reset()
	if err := WriteCSV(&b, &replayed); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); strings.Contains(s, "no permission") || !strings.Contains(s, ",,,not recorded") {
		t.Errorf("replayed csv:\n%.500s", s)
	}
}
