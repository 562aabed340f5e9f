package ui

import (
	"github.com/taskscope/taskscope/inspect"
)

// exportName suggests a file name carrying the sample's local time, such as
// taskscope-2026-11-21T23-59.json: exports sort in time order, and the name has no colon, which
// some file systems and file managers refuse.
func exportName(s *inspect.Snapshot, ext string) string {
	if s == nil {
		return "taskscope." + ext
	}
	return "taskscope-" + s.Taken.Local().Format("2006-01-02T15-04") + "." + ext
}
