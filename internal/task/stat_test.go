package task

import (
	"errors"
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

func TestParseStat(t *testing.T) {
	full := map[int]string{3: "R", 4: "7", 9: "2097152", 14: "120", 15: "30", 20: "4", 22: "9876543210", 24: "1500", 39: "1"}
	cases := []struct {
		name string
		line string
		want Stat
		err  error
	}{
		{"plain", statLine("bash", full, 52), Stat{Comm: []byte("bash"), State: 'R', PPID: 7, Flags: pfKthread,
			UTime: 120, STime: 30, NumThreads: 4, StartTicks: 9876543210, RSSPages: 1500, Processor: 1}, nil},
		{"comm with spaces and parens", statLine("a) b (c) S 1 2", full, 52), Stat{Comm: []byte("a) b (c) S 1 2"), State: 'R', PPID: 7,
			Flags: pfKthread, UTime: 120, STime: 30, NumThreads: 4, StartTicks: 9876543210, RSSPages: 1500, Processor: 1}, nil},
		{"empty comm", statLine("", full, 52), Stat{Comm: []byte{}, State: 'R', PPID: 7, Flags: pfKthread,
			UTime: 120, STime: 30, NumThreads: 4, StartTicks: 9876543210, RSSPages: 1500, Processor: 1}, nil},
		{"fifteen-byte name", statLine("abcdefghijklmno", map[int]string{39: "3"}, 52),
			Stat{Comm: []byte("abcdefghijklmno"), State: 'S', Processor: 3}, nil},
		{"zombie", statLine("defunct", map[int]string{3: "Z", 4: "1"}, 52), Stat{Comm: []byte("defunct"), State: 'Z', PPID: 1}, nil},
		{"old kernel, 44 fields", statLine("x", map[int]string{39: "2"}, 44), Stat{Comm: []byte("x"), State: 'S', Processor: 2}, nil},
		{"no newline after the last field", strings.TrimSuffix(statLine("x", nil, 52), "\n"), Stat{Comm: []byte("x"), State: 'S'}, nil},
		{"negative tpgid is fine", statLine("x", map[int]string{8: "-1", 19: "-20"}, 52), Stat{Comm: []byte("x"), State: 'S'}, nil},

		{"ends before field 39", statLine("x", nil, 38), Stat{}, ErrStatTruncated},
		{"cut inside field 39", strings.TrimSuffix(statLine("x", map[int]string{39: "12"}, 39), "2\n"), Stat{}, ErrStatTruncated},
		{"field 39 not terminated", strings.TrimSuffix(statLine("x", nil, 39), "\n"), Stat{}, ErrStatTruncated},
		{"cut after comm", "42 (x)", Stat{}, ErrStatTruncated},
		{"fixture truncation", "500 (trunc) S 1 500 500 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 1200 1000", Stat{}, ErrStatTruncated},
		{"empty", "", Stat{}, ErrStatMalformed},
		{"no parens", "42 x S 1 2 3\n", Stat{}, ErrStatMalformed},
		{"close before open", "42 )x( S\n", Stat{}, ErrStatMalformed},
		{"bad state", statLine("x", map[int]string{3: "Q"}, 52), Stat{}, ErrStatMalformed},
		{"long state", statLine("x", map[int]string{3: "SS"}, 52), Stat{}, ErrStatMalformed},
		{"letters in utime", statLine("x", map[int]string{14: "12a"}, 52), Stat{}, ErrStatMalformed},
		{"negative ppid", statLine("x", map[int]string{4: "-1"}, 52), Stat{}, ErrStatMalformed},
		{"utime overflows", statLine("x", map[int]string{14: "18446744073709551616"}, 52), Stat{}, ErrStatMalformed},
		{"utime+stime overflows", statLine("x", map[int]string{14: "18446744073709551615", 15: "1"}, 52), Stat{}, ErrStatMalformed},
		{"huge core number", statLine("x", map[int]string{39: "4294967296"}, 52), Stat{}, ErrStatMalformed},
		{"two spaces", strings.Replace(statLine("x", nil, 52), " 0 0", " 0  0", 1), Stat{}, ErrStatMalformed},
		{"no space after comm", strings.Replace(statLine("x", nil, 52), ") S", ")S", 1), Stat{}, ErrStatMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got Stat
			err := ParseStat([]byte(c.line), &got)
			if !errors.Is(err, c.err) {
				t.Fatalf("err = %v, want %v", err, c.err)
			}
			if err != nil {
				return
			}
			if string(got.Comm) != string(c.want.Comm) {
				t.Errorf("comm = %q, want %q", got.Comm, c.want.Comm)
			}
			got.Comm, c.want.Comm = nil, nil
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func FuzzParseStat(f *testing.F) {
	f.Add([]byte(statLine("bash", map[int]string{3: "R", 4: "7", 14: "120", 22: "9876543210", 39: "1"}, 52)))
	f.Add([]byte("500 (trunc) S 1 500 500 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 1200 1000"))
	f.Add([]byte(statLine("a) (b", map[int]string{39: "1"}, 52)))
	f.Add([]byte("1 ()"))
	f.Add([]byte(")(" + strings.Repeat(" 1", 40)))
	f.Fuzz(func(t *testing.T, b []byte) {
		var st Stat
		if err := ParseStat(b, &st); err != nil {
			if !errors.Is(err, ErrStatMalformed) && !errors.Is(err, ErrStatTruncated) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if !IsStateLetter(st.State) || st.PPID < 0 || st.NumThreads < 0 || st.Processor < 0 {
			t.Fatalf("accepted impossible values %+v", st)
		}
		if st.UTime+st.STime < st.UTime {
			t.Fatal("cpu time wrapped")
		}
	})
}
