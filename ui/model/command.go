package model

import (
	"errors"
	"strings"
)

// SplitCommand splits a command line typed in the Run program dialog into arguments the way a
// shell would for the simple cases: spaces separate, 'single quotes' keep everything, "double
// quotes" keep everything but \" and \\, a backslash outside quotes keeps the next character.
// Nothing is expanded ($VAR, *, ~): the program gets exactly what was typed.
func SplitCommand(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inArg := false
	var quote rune
	escaped := false
	for _, c := range s {
		switch {
		case escaped:
			cur.WriteRune(c)
			escaped = false
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				cur.WriteRune(c)
			}
		case quote == '"':
			switch c {
			case '"':
				quote = 0
			case '\\':
				escaped = true
			default:
				cur.WriteRune(c)
			}
		case c == '\\':
			escaped, inArg = true, true
		case c == '\'' || c == '"':
			quote, inArg = c, true
		case c == ' ' || c == '\t' || c == '\n':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteRune(c)
			inArg = true
		}
	}
	switch {
	case quote != 0:
		return nil, errors.New("the command has an unclosed quote")
	case escaped:
		return nil, errors.New("the command ends with a backslash")
	}
	if inArg {
		args = append(args, cur.String())
	}
	if len(args) == 0 {
		return nil, errors.New("no command given")
	}
	return args, nil
}
