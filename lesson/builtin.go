package lesson

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// BuiltinName is the file name of the built-in lesson, as errors and the handout name it.
const BuiltinName = "threads-and-processes.toml"

// builtinFS holds the built-in lesson and the programs its run steps start.
//
//go:embed lessons
var builtinFS embed.FS

// Builtin returns the built-in lesson. Its run steps' programs are embedded; Unpack writes
// them to a directory before a step is measured.
func Builtin() *Lesson {
	data, err := builtinFS.ReadFile("lessons/" + BuiltinName)
	if err != nil {
		panic(fmt.Sprintf("lesson: built-in lesson missing: %v", err))
	}
	l, err := Parse(BuiltinName, data)
	if err != nil { // tested: the shipped file parses
		panic(fmt.Sprintf("lesson: built-in lesson: %v", err))
	}
	l.File = BuiltinName
	return l
}

// BuiltinSource returns the text of the built-in lesson file, the example to copy.
func BuiltinSource() []byte {
	data, _ := builtinFS.ReadFile("lessons/" + BuiltinName)
	return data
}

// Unpack writes the built-in lesson's files to a new directory under os.TempDir and points
// l.Dir at it, when l has no directory yet. The caller removes the returned directory ("" when
// nothing was written).
func (l *Lesson) Unpack() (string, error) {
	if l.Dir != "" {
		return "", nil
	}
	dir, err := os.MkdirTemp("", "taskscope-lesson-")
	if err != nil {
		return "", fmt.Errorf("lesson: unpack: %w", err)
	}
	sub, _ := fs.Sub(builtinFS, "lessons")
	if err := os.CopyFS(dir, sub); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("lesson: unpack: %w", err)
	}
	l.Dir = dir
	return dir, nil
}

// Open reads the lesson at path, or returns the built-in one when path is "".
func Open(path string) (*Lesson, error) {
	if path == "" {
		return Builtin(), nil
	}
	l, err := Load(path)
	if err != nil {
		return nil, err
	}
	if l.Dir == "" {
		l.Dir = filepath.Dir(path)
	}
	return l, nil
}
