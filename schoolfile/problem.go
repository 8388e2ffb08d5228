// Package schoolfile reads the district's list of schools from the files officers keep:
// CSV (UTF-8 with or without BOM, or Windows-1258 as Vietnamese Excel saves it; comma or
// semicolon separated) and .xlsx, with the columns code,name,level,commune[,phones]. It
// does no I/O: callers pass the file's bytes and get schools or every bad line.
package schoolfile

import (
	"fmt"
	"strings"
)

// Reason says what is wrong with one line of a school file. Its value is also the last
// part of the locale id "import.reason.<reason>" that explains it to an officer.
type Reason string

// The reasons a file or a line is refused.
const (
	ReasonHeader       Reason = "header"        // the first line is not code,name,level,commune[,phones]
	ReasonEmpty        Reason = "empty"         // no school in the file
	ReasonSyntax       Reason = "syntax"        // the CSV cannot be read from this line on
	ReasonColumns      Reason = "columns"       // wrong number of columns
	ReasonBadCode      Reason = "bad_code"      // code is not 2-40 of A-Z 0-9 - _
	ReasonEmptyName    Reason = "empty_name"    // name is empty
	ReasonUnknownLevel Reason = "unknown_level" // level is not MN, TH, THCS or TH-THCS
	ReasonDuplicate    Reason = "duplicate"     // the code appeared on an earlier line
	ReasonBadPhone     Reason = "bad_phone"     // a phone number is not a Vietnamese number
	ReasonFormat       Reason = "format"        // neither CSV nor a readable .xlsx

	// A file over one of the limits (limits.go) is refused with that one problem; its N is
	// the limit.
	ReasonTooManyRows    Reason = "too_many_rows"    // more than MaxRows rows or lines
	ReasonTooManyColumns Reason = "too_many_columns" // a row wider than MaxColumns
	ReasonTooManyCells   Reason = "too_many_cells"   // more than MaxCells non-empty cells
	ReasonTooManyChars   Reason = "too_many_chars"   // more than MaxChars characters
)

// english explains each reason to an operator at the command line.
var english = map[Reason]string{
	ReasonHeader:       "the first line must be the header code,name,level,commune[,phones]",
	ReasonEmpty:        "the file lists no school",
	ReasonSyntax:       "the CSV cannot be read here (a quote is not closed?)",
	ReasonColumns:      "wrong number of columns",
	ReasonBadCode:      "bad code (2-40 characters: A-Z, 0-9, - and _)",
	ReasonEmptyName:    "empty name",
	ReasonUnknownLevel: "unknown level (MN, TH, THCS or TH-THCS)",
	ReasonDuplicate:    "duplicate code",
	ReasonBadPhone:     "bad phone number",
	ReasonFormat:       "not a CSV or .xlsx file",

	ReasonTooManyRows:    "the file is too large: more rows than the limit",
	ReasonTooManyColumns: "the file is too large: a row has more columns than the limit",
	ReasonTooManyCells:   "the file is too large: more filled cells than the limit",
	ReasonTooManyChars:   "the file is too large: more characters than the limit",
}

// Problem is one bad line. Line counts from 1 (the header); Value is the offending text.
// For ReasonDuplicate, N is the line the code first appeared on; for ReasonColumns, N is
// the number of columns found and Want the number the header has; for the ReasonTooMany
// reasons, N is the limit and Line where it was passed.
type Problem struct {
	Line   int
	Reason Reason
	Value  string
	N      int
	Want   int
}

// String describes the problem in English, for the command line.
func (p Problem) String() string {
	s := fmt.Sprintf("line %d: %s", p.Line, english[p.Reason])
	if p.Value != "" {
		s += fmt.Sprintf(": %q", p.Value)
	}
	switch p.Reason {
	case ReasonDuplicate:
		s += fmt.Sprintf(" (first on line %d)", p.N)
	case ReasonColumns:
		s += fmt.Sprintf(" (%d instead of %d)", p.N, p.Want)
	case ReasonTooManyRows, ReasonTooManyColumns, ReasonTooManyCells, ReasonTooManyChars:
		s += fmt.Sprintf(" of %d; nothing was imported", p.N)
	}
	return s
}

// Error is a refused file: every problem found, in line order. Nothing of such a file
// may be imported.
type Error struct {
	Problems []Problem
}

// Error lists the problems, one per line.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return "school file refused:\n" + strings.Join(lines, "\n")
}
