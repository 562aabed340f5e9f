package lesson

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/taskscope/taskscope/claims"
)

// FileError is a problem with a lesson file, at a line of it (0 when the whole file is at fault).
type FileError struct {
	File string
	Line int
	Msg  string
}

// Error reads "file:line: what is wrong".
func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// fileStep is a [[step]] table as written in the file.
type fileStep struct {
	ID       string   `toml:"id"`
	Claim    string   `toml:"claim"`
	Run      []string `toml:"run"`
	Title    string   `toml:"title"`
	Text     string   `toml:"text"`
	Question string   `toml:"question"`
	Answers  []string `toml:"answers"`
	Expect   *int     `toml:"expect"`
	LookAt   string   `toml:"look_at"`
}

// fileLesson is the whole file as written.
type fileLesson struct {
	Title string     `toml:"title"`
	Steps []fileStep `toml:"step"`
}

// Load reads and checks the lesson file at path.
func Load(path string) (*Lesson, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("lesson: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("lesson: %w", err)
	}
	l, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	l.File, l.Dir = path, filepath.Dir(abs)
	if err := l.checkFiles(); err != nil {
		return nil, err
	}
	return l, nil
}

// stepHeader finds the [[step]] headers of a file, to give each step its line.
var stepHeader = regexp.MustCompile(`^\s*\[\[\s*"?step"?\s*\]\]`)

// Parse reads a lesson from data; name is the file's name for errors. Relative paths are not
// checked here (Load does, knowing the directory).
func Parse(name string, data []byte) (*Lesson, error) {
	var fl fileLesson
	md, err := toml.Decode(string(data), &fl)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &FileError{File: name, Line: pe.Position.Line, Msg: pe.Message}
		}
		return nil, &FileError{File: name, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
	}
	lines := strings.Split(string(data), "\n")
	var headers []int
	for i, ln := range lines {
		if stepHeader.MatchString(ln) {
			headers = append(headers, i+1)
		}
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		return nil, &FileError{File: name, Line: keyLine(lines, headers, k), Msg: fmt.Sprintf("unknown key %q (a step has id, claim, run, title, text, question, answers, expect, look_at)", k.String())}
	}
	if strings.TrimSpace(fl.Title) == "" {
		return nil, &FileError{File: name, Line: 1, Msg: `the lesson has no title (title = "...")`}
	}
	if len(fl.Steps) == 0 {
		return nil, &FileError{File: name, Msg: "the lesson has no steps ([[step]])"}
	}
	l := &Lesson{Title: fl.Title}
	seen := map[string]int{}
	for i, fs := range fl.Steps {
		line := 0
		if i < len(headers) {
			line = headers[i]
		}
		st, err := fs.step(line)
		if err != nil {
			end := len(lines)
			if i+1 < len(headers) {
				end = headers[i+1] - 1
			}
			var ke *keyError
			if errors.As(err, &ke) {
				line = lineOf(lines, line, end, ke.key, line)
			}
			return nil, &FileError{File: name, Line: line, Msg: fmt.Sprintf("step %d: %s", i+1, err)}
		}
		if prev, dup := seen[st.ID]; dup {
			return nil, &FileError{File: name, Line: line, Msg: fmt.Sprintf("step %d: id %q is taken by the step at line %d", i+1, st.ID, prev)}
		}
		seen[st.ID] = line
		l.Steps = append(l.Steps, st)
	}
	return l, nil
}

// validID is what a step's ID may look like: it is typed after --step and in URLs.
var validID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// step checks one step and fills in what its claim gives.
func (fs fileStep) step(line int) (Step, error) {
	st := Step{ID: fs.ID, Title: fs.Title, Text: fs.Text, Question: fs.Question, Answers: fs.Answers,
		LookAt: fs.LookAt, Expect: -1, Line: line}
	switch {
	case fs.Claim != "" && len(fs.Run) > 0:
		return st, errors.New("give claim or run, not both")
	case fs.Claim != "":
		c, ok := claims.Lookup(fs.Claim)
		if !ok {
			return st, keyErr("claim", "no claim %q; the claims are %s", fs.Claim, strings.Join(claims.IDs(), ", "))
		}
		st.Kind, st.Claim = KindClaim, c.ID
		if st.ID == "" {
			st.ID = c.ID
		}
		if st.Title == "" {
			st.Title = c.Title
		}
		if st.Text == "" {
			st.Text = c.Text
		}
	case len(fs.Run) > 0:
		if strings.TrimSpace(fs.Run[0]) == "" {
			return st, keyErr("run", "run: the program's name is empty")
		}
		st.Kind, st.Run = KindRun, fs.Run
		if st.ID == "" {
			return st, errors.New(`a run step needs an id (id = "...")`)
		}
		if st.Title == "" {
			return st, errors.New(`a run step needs a title (title = "...")`)
		}
	default:
		return st, errors.New(`give claim = "ID" or run = ["program", ...]`)
	}
	if !validID.MatchString(st.ID) {
		return st, keyErr("id", "id %q: use lower-case letters, digits and dashes", st.ID)
	}
	if strings.TrimSpace(st.Question) == "" {
		return st, errors.New(`no question (question = "...")`)
	}
	if n := len(st.Answers); n < MinAnswers || n > MaxAnswers {
		return st, keyErr("answers", "%d answers; give %d to %d", n, MinAnswers, MaxAnswers)
	}
	for j, a := range st.Answers {
		if strings.TrimSpace(a) == "" {
			return st, keyErr("answers", "answer %d is empty", j+1)
		}
	}
	if fs.Expect != nil {
		if *fs.Expect < 1 || *fs.Expect > len(st.Answers) {
			return st, keyErr("expect", "expect = %d: give the number of an answer, 1 to %d", *fs.Expect, len(st.Answers))
		}
		st.Expect = *fs.Expect - 1
	}
	return st, nil
}

// keyLine finds the line of key k: inside its step's table when it is under [[step]].
func keyLine(lines []string, headers []int, k toml.Key) int {
	name := k[len(k)-1]
	from := 0
	if len(k) > 1 && k[0] == "step" && len(headers) > 0 {
		from = headers[0] - 1
	}
	re := regexp.MustCompile(`^\s*"?` + regexp.QuoteMeta(name) + `"?\s*=`)
	for i := from; i < len(lines); i++ {
		if re.MatchString(lines[i]) {
			return i + 1
		}
	}
	return 0
}

// pathLike reports whether a run argument names a file rather than being an option or a word.
func pathLike(arg string) bool {
	if strings.HasPrefix(arg, "-") {
		return false
	}
	return strings.Contains(arg, "/") || filepath.Ext(arg) != ""
}

// checkFiles makes sure the files run steps name exist next to the lesson file.
func (l *Lesson) checkFiles() error {
	for i, st := range l.Steps {
		for _, a := range st.Run[min(1, len(st.Run)):] {
			if !pathLike(a) || filepath.IsAbs(a) {
				continue
			}
			if _, err := os.Stat(filepath.Join(l.Dir, a)); err != nil {
				return &FileError{File: l.File, Line: st.Line, Msg: fmt.Sprintf("step %d (%s): run names %q, which is not in %s", i+1, st.ID, a, l.Dir)}
			}
		}
	}
	return nil
}

// Argv returns the step's program with relative paths that exist in dir made absolute.
func (st Step) Argv(dir string) []string {
	out := make([]string, len(st.Run))
	for i, a := range st.Run {
		out[i] = a
		if i == 0 && !strings.Contains(a, "/") { // a name looked up in PATH
			continue
		}
		if pathLike(a) && !filepath.IsAbs(a) {
			if _, err := os.Stat(filepath.Join(dir, a)); err == nil {
				out[i] = filepath.Join(dir, a)
			}
		}
	}
	return out
}

// keyError is a step's error that one of its keys is to blame for, so the error can name the
// key's line rather than the step's.
type keyError struct {
	key string
	msg string
}

func (e *keyError) Error() string { return e.msg }

func keyErr(key, format string, args ...any) error {
	return &keyError{key: key, msg: fmt.Sprintf(format, args...)}
}

// lineOf finds the line (from 1) of key within lines [from, to), or returns def.
func lineOf(lines []string, from, to int, key string, def int) int {
	re := regexp.MustCompile(`^\s*"?` + regexp.QuoteMeta(key) + `"?\s*=`)
	for i := max(from-1, 0); i < min(to, len(lines)); i++ {
		if re.MatchString(lines[i]) {
			return i + 1
		}
	}
	return def
}
