package lesson

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBuiltinLessonParsesInTeachingOrder(t *testing.T) {
	l := Builtin()
	var ids []string
	for _, st := range l.Steps {
		ids = append(ids, st.ID)
		if st.Expect < 0 {
			t.Errorf("%s: the built-in lesson says which answer the evidence supports", st.ID)
		}
	}
	want := "memory crashes creation communication context-switch race-threads sync-between-processes single-core gil gil-threads gil-processes io-vs-cpu fork-copy"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("order\n got %s\nwant %s", got, want)
	}
	// The shipped file, loaded from disk as a lecturer's copy would be, checks too.
	if _, err := Load(filepath.Join("lessons", BuiltinName)); err != nil {
		t.Fatal(err)
	}
}

func TestParseErrorsNameLineAndProblem(t *testing.T) {
	const head = "title = \"T\"\n"
	const ok = "question = \"Q?\"\nanswers = [\"a\", \"b\"]\n"
	cases := []struct {
		name, src string
		line      int
		want      string
	}{
		{"syntax", head + "[[step]]\nclaim = \"memory\n", 3, "newlines"},
		{"no title", "[[step]]\nclaim = \"memory\"\n" + ok, 1, "no title"},
		{"no steps", head, 0, "no steps"},
		{"unknown claim", head + "\n[[step]]\nclaim = \"nope\"\n" + ok, 4, `no claim "nope"`},
		{"both", head + "[[step]]\nclaim = \"memory\"\nrun = [\"true\"]\n" + ok, 2, "not both"},
		{"neither", head + "[[step]]\n" + ok, 2, "give claim"},
		{"run without id", head + "[[step]]\ntitle = \"x\"\nrun = [\"true\"]\n" + ok, 2, "needs an id"},
		{"one answer", head + "[[step]]\nclaim = \"memory\"\nquestion = \"Q?\"\nanswers = [\"a\"]\n", 5, "1 answers; give 2 to 4"},
		{"five answers", head + "[[step]]\nclaim = \"memory\"\nquestion = \"Q?\"\nanswers = [\"a\",\"b\",\"c\",\"d\",\"e\"]\n", 5, "5 answers"},
		{"no question", head + "[[step]]\nclaim = \"memory\"\nanswers = [\"a\", \"b\"]\n", 2, "no question"},
		{"expect out of range", head + "[[step]]\nclaim = \"memory\"\nexpect = 3\n" + ok, 4, "expect = 3"},
		{"unknown key", head + "[[step]]\nclaim = \"memory\"\nanswer = 1\n" + ok, 4, `unknown key "step.answer"`},
		{"duplicate id", head + "[[step]]\nclaim = \"memory\"\n" + ok + "[[step]]\nclaim = \"memory\"\n" + ok, 6, "taken by the step at line 2"},
		{"bad id", head + "[[step]]\nid = \"Bad Id\"\nclaim = \"memory\"\n" + ok, 3, "lower-case"},
		{"wrong type", head + "[[step]]\nclaim = 3\n" + ok, 0, "incompatible"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("x.toml", []byte(c.src))
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a FileError", err)
			}
			if fe.File != "x.toml" || (c.line != 0 && fe.Line != c.line) || !strings.Contains(fe.Msg, c.want) {
				t.Errorf("got %q (line %d), want line %d and %q", err, fe.Line, c.line, c.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is more than one line: %q", err)
			}
		})
	}
}

func TestClaimStepTakesItsClaimsIDTitleAndText(t *testing.T) {
	l, err := Parse("x.toml", []byte("title = \"T\"\n[[step]]\nclaim = \"gil\"\nquestion = \"Q?\"\nanswers = [\"a\", \"b\"]\nexpect = 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	st := l.Steps[0]
	if st.ID != "gil" || st.Kind != KindClaim || st.Title != "Python's GIL" || !strings.Contains(st.Text, "Global Interpreter Lock") || st.Expect != 1 {
		t.Errorf("got %+v", st)
	}
}

func TestLoadResolvesRunPathsFromTheFile(t *testing.T) {
	dir := t.TempDir()
	src := "title = \"T\"\n[[step]]\nid = \"p\"\ntitle = \"P\"\nrun = [\"python3\", \"prog.py\", \"-u\"]\nquestion = \"Q?\"\nanswers = [\"a\", \"b\"]\n"
	path := filepath.Join(dir, "l.toml")
	os.WriteFile(path, []byte(src), 0o644)
	_, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), "l.toml:2:") || !strings.Contains(err.Error(), `"prog.py"`) {
		t.Fatalf("missing program file: got %v", err)
	}
	os.WriteFile(filepath.Join(dir, "prog.py"), nil, 0o644)
	l, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	got := l.Steps[0].Argv(l.Dir)
	if got[0] != "python3" || got[1] != filepath.Join(dir, "prog.py") || got[2] != "-u" {
		t.Errorf("argv %q", got)
	}
}

func TestUnpackWritesTheBuiltinPrograms(t *testing.T) {
	l := Builtin()
	dir, err := l.Unpack()
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	for _, st := range l.Steps {
		if st.Kind == KindRun {
			if _, err := os.Stat(st.Argv(l.Dir)[1]); err != nil {
				t.Errorf("%s: %v", st.ID, err)
			}
		}
	}
}

// FuzzParse: no lesson file, however broken, panics the reader or gives an error over lines.
func FuzzParse(f *testing.F) {
	f.Add(BuiltinSource())
	f.Add([]byte("title = \"T\"\n[[step]]\nclaim = \"memory\"\n"))
	f.Add([]byte("[[step]]\n[[step]]\nid = 1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse("f.toml", data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line error %q", err)
			}
			return
		}
		if len(l.Steps) == 0 {
			t.Error("a lesson with no steps was accepted")
		}
	})
}
