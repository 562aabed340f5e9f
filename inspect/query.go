package inspect

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ErrBadQuery is wrapped by every error of ParseQuery.
var ErrBadQuery = errors.New("bad query")

// Query is a parsed filter: terms that must all hold. The zero Query (from empty text) matches
// every process. A Query is never changed once parsed and may be shared between goroutines.
//
// The language, documented with examples in docs/desktop.md:
//
//	query := term { ["and"] term }
//	term  := ["!"] ( field op value | word )
//	op    := "=" | "!=" | ">" | "<" | ">=" | "<=" | "~"
//
// A word alone keeps the rule of the one-word filter before it: it matches a process whose name,
// command line, user, PID or a thread's name contains it, ignoring case. A value or word may be
// written in double quotes to hold spaces or operator characters.
type Query struct {
	text  string
	terms []term
}

// fieldKind says how a field's values compare.
type fieldKind int

const (
	kindText fieldKind = iota
	kindNumber
	kindBytes
)

// queryField is one field a term may name.
type queryField struct {
	name string
	kind fieldKind
	help string
}

// queryFields lists the fields in the order an error message names them.
var queryFields = []queryField{
	{"name", kindText, "command name"},
	{"cmdline", kindText, "command line"},
	{"user", kindText, "owner's login name"},
	{"app", kindText, "app, container or service"},
	{"state", kindText, "state letter: R S D Z T t I"},
	{"pid", kindNumber, "process ID"},
	{"ppid", kindNumber, "parent's process ID"},
	{"cpu", kindNumber, "CPU percent of one core"},
	{"threads", kindNumber, "number of threads"},
	{"core", kindNumber, "a CPU one of its threads last ran on"},
	{"rss", kindBytes, "resident memory in bytes"},
	{"read", kindBytes, "bytes read from storage per second"},
	{"write", kindBytes, "bytes written to storage per second"},
	{"gpu", kindNumber, "busy percent of its busiest GPU engine"},
	{"gpumem", kindBytes, "GPU memory in bytes"},
}

// queryOp is a comparison.
type queryOp int

const (
	opEq queryOp = iota
	opNe
	opGt
	opLt
	opGe
	opLe
	opContains
)

var opNames = map[string]queryOp{"=": opEq, "!=": opNe, ">": opGt, "<": opLt, ">=": opGe, "<=": opLe, "~": opContains}

// term is one condition.
type term struct {
	neg   bool
	field *queryField // nil for a bare word
	op    queryOp
	text  string // lower-cased, for text fields and bare words; as typed for state
	num   float64
}

// String returns the text the query was parsed from.
func (q *Query) String() string { return q.text }

// Empty reports whether q has no terms and so matches everything.
func (q *Query) Empty() bool { return q == nil || len(q.terms) == 0 }

// token is one lexical piece of a query: an operator, a word, or a quoted string.
type token struct {
	text   string
	op     bool
	quoted bool
	pos    int
}

// ParseQuery parses a filter. An error wraps ErrBadQuery, quotes the text and says what is wrong
// and where, in one line.
func ParseQuery(text string) (*Query, error) {
	q := &Query{text: text}
	toks, err := lexQuery(text)
	if err != nil {
		return nil, queryError(text, err)
	}
	for i := 0; i < len(toks); {
		t := toks[i]
		if !t.op && !t.quoted && strings.EqualFold(t.text, "and") {
			i++
			continue
		}
		var tm term
		for i < len(toks) && toks[i].op && toks[i].text == "!" {
			tm.neg = !tm.neg
			i++
		}
		if i == len(toks) {
			return nil, queryError(text, errors.New("'!' at the end negates nothing"))
		}
		t = toks[i]
		if t.op {
			return nil, queryError(text, fmt.Errorf("operator %q at column %d has no field before it", t.text, t.pos+1))
		}
		i++
		if i == len(toks) || !toks[i].op || toks[i].text == "!" {
			// A bare word.
			tm.text = Needle(t.text)
			q.terms = append(q.terms, tm)
			continue
		}
		opTok := toks[i]
		i++
		f := lookupField(t.text)
		if f == nil || t.quoted {
			return nil, queryError(text, fmt.Errorf("unknown field %q (fields: %s)", t.text, fieldNames()))
		}
		if i == len(toks) || toks[i].op {
			return nil, queryError(text, fmt.Errorf("%s%s needs a value after it", t.text, opTok.text))
		}
		val := toks[i]
		i++
		tm.field, tm.op = f, opNames[opTok.text]
		if err := tm.setValue(val.text); err != nil {
			return nil, queryError(text, err)
		}
		q.terms = append(q.terms, tm)
	}
	return q, nil
}

// queryError makes the one-line error that quotes the query.
func queryError(text string, err error) error {
	return fmt.Errorf("%w %q: %w", ErrBadQuery, text, err)
}

func lookupField(name string) *queryField {
	for i := range queryFields {
		if strings.EqualFold(queryFields[i].name, name) {
			return &queryFields[i]
		}
	}
	return nil
}

func fieldNames() string {
	names := make([]string, len(queryFields))
	for i, f := range queryFields {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// setValue checks the operator against the field and reads the value.
func (tm *term) setValue(v string) error {
	f := tm.field
	if f.kind == kindText {
		if tm.op != opEq && tm.op != opNe && tm.op != opContains {
			return fmt.Errorf("%s is text: use =, != or ~, not %s", f.name, opString(tm.op))
		}
		if f.name == "state" {
			tm.text = v
		} else {
			tm.text = strings.ToLower(v)
		}
		return nil
	}
	if tm.op == opContains {
		return fmt.Errorf("%s is a number: ~ (contains) is for text fields", f.name)
	}
	n, err := parseQueryNumber(v, f.kind == kindBytes)
	if err != nil {
		return fmt.Errorf("%s: %w", f.name, err)
	}
	tm.num = n
	return nil
}

func opString(op queryOp) string {
	for s, o := range opNames {
		if o == op {
			return s
		}
	}
	return "?"
}

// byteUnits are the suffixes a size or rate may carry. A single letter is a power of 1024, as top,
// htop and this program's own columns count; kB, MB and GB spelled so are powers of 1000.
var byteUnits = []struct {
	suffix string
	factor float64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"kB", 1e3}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
	{"k", 1 << 10}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"T", 1 << 40},
	{"B", 1},
}

// parseQueryNumber reads a number, with a unit when bytes is true ("100M", "1.5GiB", "1M/s") and
// an optional "%" otherwise.
func parseQueryNumber(v string, bytes bool) (float64, error) {
	s := v
	factor := 1.0
	if bytes {
		s = strings.TrimSuffix(s, "/s")
		for _, u := range byteUnits {
			if rest, ok := strings.CutSuffix(s, u.suffix); ok {
				s, factor = rest, u.factor
				break
			}
		}
	} else {
		s = strings.TrimSuffix(s, "%")
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || strings.ContainsAny(s, "xXpP_") {
		if bytes {
			return 0, fmt.Errorf("%q is not a number with an optional unit (k, M, G, KiB, MiB, GiB, kB, MB, GB)", v)
		}
		return 0, fmt.Errorf("%q is not a number", v)
	}
	return n * factor, nil
}

// lexQuery splits text into words, quoted strings and operators.
func lexQuery(text string) ([]token, error) {
	var toks []token
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '"':
			end := strings.IndexByte(text[i+1:], '"')
			if end < 0 {
				return nil, fmt.Errorf("the quote at column %d is not closed", i+1)
			}
			toks = append(toks, token{text: text[i+1 : i+1+end], quoted: true, pos: i})
			i += end + 2
		case strings.IndexByte("=!<>~", c) >= 0:
			op := text[i : i+1]
			if i+1 < len(text) && text[i+1] == '=' && c != '=' && c != '~' {
				op = text[i : i+2]
			}
			toks = append(toks, token{text: op, op: true, pos: i})
			i += len(op)
		default:
			j := i
			for j < len(text) && strings.IndexByte(" \t\n\r\"=!<>~", text[j]) < 0 {
				j++
			}
			toks = append(toks, token{text: text[i:j], pos: i})
			i = j
		}
	}
	return toks, nil
}
