package bytesize

import "testing"

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		in   uint64
		want string
	}{
		{0, "0 B"},
		{1023, "1023 B"},
		{1024, "1.0 KiB"},
		{1536, "1.5 KiB"},
		{100 << 10, "100 KiB"},
		{1024*1024 - 1, "1.0 MiB"},
		{2_200_000, "2.1 MiB"},
		{400 << 20, "400 MiB"},
		{8 << 30, "8.0 GiB"},
		{1 << 62, "4096 PiB"},
		{^uint64(0), "16384 PiB"},
	} {
		if got := Format(c.in); got != c.want {
			t.Errorf("Format(%d) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := FormatSigned(-5); got != "0 B" {
		t.Errorf("FormatSigned(-5) = %q, want 0 B", got)
	}
	if got := FormatSigned(1536); got != "1.5 KiB" {
		t.Errorf("FormatSigned(1536) = %q", got)
	}
}
