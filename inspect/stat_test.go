package inspect

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// statLine builds a stat line with comm and the given values in the fields the parser reads;
// every other field is 0. Fields are numbered as in proc(5).
func statLine(comm string, set map[int]string, fields int) string {
	f := make([]string, fields+1)
	for i := range f {
		f[i] = "0"
	}
	f[1], f[2], f[3] = "42", "("+comm+")", "S"
	for k, v := range set {
		f[k] = v
	}
	return strings.Join(f[1:], " ") + "\n"
}

func TestParseTaskStat(t *testing.T) {
	full := map[int]string{3: "R", 4: "7", 9: "2097152", 14: "120", 15: "30", 20: "4", 22: "9876543210", 24: "1500", 39: "1"}
	cases := []struct {
		name string
		line string
		want taskStat
		err  error
	}{
		{"plain", statLine("bash", full, 52), taskStat{comm: []byte("bash"), state: 'R', ppid: 7, flags: pfKthread,
			utime: 120, stime: 30, numThreads: 4, startTicks: 9876543210, rssPages: 1500, processor: 1}, nil},
		{"comm with spaces and parens", statLine("a) b (c) S 1 2", full, 52), taskStat{comm: []byte("a) b (c) S 1 2"), state: 'R', ppid: 7,
			flags: pfKthread, utime: 120, stime: 30, numThreads: 4, startTicks: 9876543210, rssPages: 1500, processor: 1}, nil},
		{"empty comm", statLine("", full, 52), taskStat{comm: []byte{}, state: 'R', ppid: 7, flags: pfKthread,
			utime: 120, stime: 30, numThreads: 4, startTicks: 9876543210, rssPages: 1500, processor: 1}, nil},
		{"fifteen-byte name", statLine("abcdefghijklmno", map[int]string{39: "3"}, 52),
			taskStat{comm: []byte("abcdefghijklmno"), state: 'S', processor: 3}, nil},
		{"zombie", statLine("defunct", map[int]string{3: "Z", 4: "1"}, 52), taskStat{comm: []byte("defunct"), state: 'Z', ppid: 1}, nil},
		{"old kernel, 44 fields", statLine("x", map[int]string{39: "2"}, 44), taskStat{comm: []byte("x"), state: 'S', processor: 2}, nil},
		{"no newline after the last field", strings.TrimSuffix(statLine("x", nil, 52), "\n"), taskStat{comm: []byte("x"), state: 'S'}, nil},
		{"negative tpgid is fine", statLine("x", map[int]string{8: "-1", 19: "-20"}, 52), taskStat{comm: []byte("x"), state: 'S'}, nil},

		{"ends before field 39", statLine("x", nil, 38), taskStat{}, errStatTruncated},
		{"cut inside field 39", strings.TrimSuffix(statLine("x", map[int]string{39: "12"}, 39), "2\n"), taskStat{}, errStatTruncated},
		{"field 39 not terminated", strings.TrimSuffix(statLine("x", nil, 39), "\n"), taskStat{}, errStatTruncated},
		{"cut after comm", "42 (x)", taskStat{}, errStatTruncated},
		{"fixture truncation", "500 (trunc) S 1 500 500 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 1200 1000", taskStat{}, errStatTruncated},
		{"empty", "", taskStat{}, errStatMalformed},
		{"no parens", "42 x S 1 2 3\n", taskStat{}, errStatMalformed},
		{"close before open", "42 )x( S\n", taskStat{}, errStatMalformed},
		{"bad state", statLine("x", map[int]string{3: "Q"}, 52), taskStat{}, errStatMalformed},
		{"long state", statLine("x", map[int]string{3: "SS"}, 52), taskStat{}, errStatMalformed},
		{"letters in utime", statLine("x", map[int]string{14: "12a"}, 52), taskStat{}, errStatMalformed},
		{"negative ppid", statLine("x", map[int]string{4: "-1"}, 52), taskStat{}, errStatMalformed},
		{"utime overflows", statLine("x", map[int]string{14: "18446744073709551616"}, 52), taskStat{}, errStatMalformed},
		{"utime+stime overflows", statLine("x", map[int]string{14: "18446744073709551615", 15: "1"}, 52), taskStat{}, errStatMalformed},
		{"huge core number", statLine("x", map[int]string{39: "4294967296"}, 52), taskStat{}, errStatMalformed},
		{"two spaces", strings.Replace(statLine("x", nil, 52), " 0 0", " 0  0", 1), taskStat{}, errStatMalformed},
		{"no space after comm", strings.Replace(statLine("x", nil, 52), ") S", ")S", 1), taskStat{}, errStatMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got taskStat
			err := parseTaskStat([]byte(c.line), &got)
			if !errors.Is(err, c.err) {
				t.Fatalf("err = %v, want %v", err, c.err)
			}
			if err != nil {
				return
			}
			if string(got.comm) != string(c.want.comm) {
				t.Errorf("comm = %q, want %q", got.comm, c.want.comm)
			}
			got.comm, c.want.comm = nil, nil
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestParseTaskStatFixtures(t *testing.T) {
	// Every stat file of the fixtures parses, except the one made truncated on purpose.
	files, _ := filepath.Glob("testdata/proc-t*/*/stat")
	more, _ := filepath.Glob("testdata/proc-t*/*/task/*/stat")
	for _, name := range append(files, more...) {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var st taskStat
		err = parseTaskStat(b, &st)
		if truncated := strings.Contains(name, "/500/"); truncated != (err != nil) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func FuzzParseTaskStat(f *testing.F) {
	files, _ := filepath.Glob("testdata/proc-t0/*/stat")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(statLine("a) (b", map[int]string{39: "1"}, 52)))
	f.Add([]byte("1 ()"))
	f.Add([]byte(")(" + strings.Repeat(" 1", 40)))
	f.Fuzz(func(t *testing.T, b []byte) {
		var st taskStat
		if err := parseTaskStat(b, &st); err != nil {
			if !errors.Is(err, errStatMalformed) && !errors.Is(err, errStatTruncated) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if !isStateLetter(st.state) || st.ppid < 0 || st.numThreads < 0 || st.processor < 0 {
			t.Fatalf("accepted impossible values %+v", st)
		}
		if st.utime+st.stime < st.utime {
			t.Fatal("cpu time wrapped")
		}
	})
}
