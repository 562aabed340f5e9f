package inspect

import (
	"encoding/binary"
	"errors"
	"testing"
)

// dirent encodes one linux_dirent64 record named name, padded to 8 bytes as the kernel does.
func dirent(name string) []byte {
	reclen := (direntNameOffset + len(name) + 1 + 7) &^ 7
	b := make([]byte, reclen)
	binary.NativeEndian.PutUint64(b[0:], 1234)
	binary.NativeEndian.PutUint16(b[16:], uint16(reclen))
	b[18] = 4 // DT_DIR
	copy(b[direntNameOffset:], name)
	return b
}

func dirents(names ...string) []byte {
	var b []byte
	for _, n := range names {
		b = append(b, dirent(n)...)
	}
	return b
}

func TestParseDirents(t *testing.T) {
	cases := []struct {
		name string
		buf  []byte
		want []int
		err  error
	}{
		{"proc root", dirents(".", "..", "1", "self", "meminfo", "4194304", "thread-self", "22"), []int{1, 4194304, 22}, nil},
		{"zero and signs are not tasks", dirents("0", "-1", "+5", "1a", "", "007"), []int{7}, nil},
		{"too large for a pid", dirents("99999999999", "3"), []int{3}, nil},
		{"long name fills the record", dirents("1234567"), []int{1234567}, nil},
		{"empty", nil, nil, nil},
		{"short record", dirents("12")[:10], nil, errDirentMalformed},
		{"reclen past the end", dirents("12")[:20], nil, errDirentMalformed},
		{"reclen too small", func() []byte {
			b := dirents("12")
			binary.NativeEndian.PutUint16(b[16:], 3)
			return b
		}(), nil, errDirentMalformed},
		{"good records before a bad one", append(dirents("5", "6"), 1, 2, 3), []int{5, 6}, errDirentMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := parseDirents(c.buf, nil)
			if !errors.Is(err, c.err) {
				t.Fatalf("err = %v, want %v", err, c.err)
			}
			if !equalInts(got, c.want) {
				t.Errorf("ids = %v, want %v", got, c.want)
			}
		})
	}
}

func FuzzParseDirents(f *testing.F) {
	f.Add(dirents(".", "..", "1", "self", "42"))
	f.Add(dirents("4194304"))
	f.Add([]byte{})
	f.Add(dirents("1")[:19])
	f.Fuzz(func(t *testing.T, b []byte) {
		ids, err := parseDirents(b, nil)
		if err != nil && !errors.Is(err, errDirentMalformed) {
			t.Fatalf("unexpected error %v", err)
		}
		for _, id := range ids {
			if id <= 0 {
				t.Fatalf("id %d accepted", id)
			}
		}
	})
}
