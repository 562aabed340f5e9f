package demos

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestDecodeCommand(t *testing.T) {
	v := int64(42)
	cases := []struct {
		name string
		line string
		want Command
		err  bool
	}{
		{"write", `{"cmd":"write","tab":1,"value":42}`, Command{Cmd: "write", Tab: 1, Value: &v}, false},
		{"spaces and CR", " {\"cmd\":\"quit\"}\r\n", Command{Cmd: "quit"}, false},
		{"unknown keys ignored", `{"cmd":"add","colour":"red"}`, Command{Cmd: "add"}, false},
		{"no cmd", `{"tab":1}`, Command{}, true},
		{"empty cmd", `{"cmd":""}`, Command{}, true},
		{"not an object", `[1,2]`, Command{}, true},
		{"not json", `crash tab 2`, Command{}, true},
		{"empty", ``, Command{}, true},
		{"tab not a number", `{"cmd":"close","tab":"two"}`, Command{}, true},
		{"value not whole", `{"cmd":"write","tab":1,"value":1.5}`, Command{}, true},
		{"null", `null`, Command{}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := DecodeCommand([]byte(c.line))
			if c.err {
				if err == nil {
					t.Fatalf("DecodeCommand(%q) = %+v, want an error", c.line, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("DecodeCommand(%q): %v", c.line, err)
			}
			if got.Cmd != c.want.Cmd || got.Tab != c.want.Tab || (got.Value == nil) != (c.want.Value == nil) ||
				(got.Value != nil && *got.Value != *c.want.Value) {
				t.Fatalf("DecodeCommand(%q) = %+v, want %+v", c.line, got, c.want)
			}
		})
	}
	if _, err := DecodeCommand(bytes.Repeat([]byte(" "), MaxLineBytes+1)); !errors.Is(err, ErrLineTooLong) {
		t.Errorf("over-long command: err = %v, want ErrLineTooLong", err)
	}
}

func TestDecodeEvent(t *testing.T) {
	cases := []struct {
		line string
		kind string
		err  error
	}{
		{`{"event":"read","tab":1,"value":42,"address":"0xc000012345"}`, "read", nil},
		{`{"event":"tab","extra":{"nested":[1,2]}}`, "tab", nil},
		{`{"event":7}`, "", ErrNotAnObject},
		{`{"kind":"tab"}`, "", ErrNotAnObject},
		{`"event"`, "", nil},
		{`null`, "", ErrNotAnObject},
		{`{"event":"tab"`, "", nil},
	}
	for _, c := range cases {
		e, err := DecodeEvent([]byte(c.line))
		if c.kind != "" {
			if err != nil || e.Kind() != c.kind {
				t.Errorf("DecodeEvent(%q) = %v, %v; want kind %q", c.line, e, err, c.kind)
			}
			continue
		}
		if err == nil {
			t.Errorf("DecodeEvent(%q) = %v, want an error", c.line, e)
		} else if c.err != nil && !errors.Is(err, c.err) {
			t.Errorf("DecodeEvent(%q): err = %v, want %v", c.line, err, c.err)
		}
	}
}

func TestEventNumbers(t *testing.T) {
	e, err := DecodeEvent([]byte(`{"event":"tab","tab":3,"rss":1.5,"name":"x","big":1e300}`))
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := e.Int("tab"); !ok || n != 3 {
		t.Errorf("Int(tab) = %d, %v", n, ok)
	}
	if _, ok := e.Int("rss"); ok {
		t.Error("Int(rss) of 1.5 reported whole")
	}
	if _, ok := e.Int("big"); ok {
		t.Error("Int(big) of 1e300 accepted")
	}
	if _, ok := e.Int("name"); ok {
		t.Error("Int(name) of text accepted")
	}
	if f, ok := e.Float("rss"); !ok || f != 1.5 {
		t.Errorf("Float(rss) = %v, %v", f, ok)
	}
	if e.String("tab") != "" || e.String("missing") != "" {
		t.Error("String of a number or a missing key is not empty")
	}
}

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", MaxLineBytes+100)
	in := "one\r\ntwo\n\n" + long + "\nthree\n" + long + "\nlast"
	lr := NewLineReader(strings.NewReader(in))
	want := []string{"one", "two", "", "TOO LONG", "three", "TOO LONG", "last"}
	for i, w := range want {
		line, err := lr.Next()
		if w == "TOO LONG" {
			if !errors.Is(err, ErrLineTooLong) {
				t.Fatalf("line %d: err = %v, want ErrLineTooLong", i, err)
			}
			continue
		}
		if err != nil || string(line) != w {
			t.Fatalf("line %d = %q, %v; want %q", i, line, err, w)
		}
	}
	if _, err := lr.Next(); err != io.EOF {
		t.Fatalf("after the last line: err = %v, want io.EOF", err)
	}
}

func TestLineReaderExactLimit(t *testing.T) {
	exact := strings.Repeat("y", MaxLineBytes)
	lr := NewLineReader(strings.NewReader(exact + "\n" + exact))
	for i := range 2 {
		line, err := lr.Next()
		if err != nil || len(line) != MaxLineBytes {
			t.Fatalf("line %d of exactly MaxLineBytes: len %d, err %v", i, len(line), err)
		}
	}
}

func FuzzDecodeCommand(f *testing.F) {
	for _, s := range []string{`{"cmd":"write","tab":1,"value":42}`, `{"cmd":"quit"}`, `{}`, `[`, `null`,
		`{"cmd":"crash","tab":-1}`, `{"cmd":"write","value":9223372036854775808}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		c, err := DecodeCommand(line)
		if err == nil && c.Cmd == "" {
			t.Fatalf("DecodeCommand(%q) accepted a command without cmd", line)
		}
	})
}

func FuzzDecodeEvent(f *testing.F) {
	for _, s := range []string{`{"event":"tab","tab":1,"pid":2}`, `{"event":""}`, `{"event":1}`, `1`, `{"a":`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		e, err := DecodeEvent(line)
		if err != nil {
			return
		}
		if e.Kind() == "" {
			t.Fatalf("DecodeEvent(%q) accepted an event without a kind", line)
		}
		for k := range e {
			e.Int(k)
			e.Float(k)
			_ = e.String(k)
		}
	})
}

func FuzzLineReader(f *testing.F) {
	f.Add([]byte("a\nb\r\n\nc"), uint16(0))
	f.Add([]byte("x"), uint16(MaxLineBytes/2))
	f.Fuzz(func(t *testing.T, data []byte, pad uint16) {
		// pad lets the fuzzer reach lines around MaxLineBytes without generating that many bytes.
		in := append(bytes.Repeat([]byte("z"), int(pad)*2), data...)
		lr := NewLineReader(bytes.NewReader(in))
		for range len(in) + 2 {
			line, err := lr.Next()
			if errors.Is(err, ErrLineTooLong) {
				continue
			}
			if err != nil {
				return
			}
			if len(line) > MaxLineBytes || bytes.IndexByte(line, '\n') >= 0 {
				t.Fatalf("line of %d bytes with a newline or over the limit", len(line))
			}
		}
		t.Fatalf("reader did not reach the end of %d bytes", len(in))
	})
}
