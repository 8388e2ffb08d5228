package schoolfile

import "unicode/utf8"

// Limits on what one school file may hold, far above a district's list (at most about
// 10,000 schools, five columns each) and far below what would strain the bot: a small
// .xlsx can declare a cell in column XFD on every row, which a whole-sheet read turns
// into gigabytes. The same limits apply to a file sent in chat and to the CLI.
const (
	// MaxRows is the highest sheet row or CSV line read, counting empty ones.
	MaxRows = 20_000
	// MaxColumns is the widest row, counting empty cells before the last one.
	MaxColumns = 50
	// MaxCells is the number of non-empty cells in the whole file.
	MaxCells = 100_000
	// MaxChars is the number of characters in all cells together.
	MaxChars = 4_000_000
)

// limiter counts what a file has read so far and refuses it once over a limit.
type limiter struct {
	cells, chars int
}

// add counts one row, read at line (1 = the first), and returns the problem of a file
// over a limit: nil while within them. The problem's N is the limit.
func (l *limiter) add(line int, fields []string) *Problem {
	if line > MaxRows {
		return &Problem{Line: line, Reason: ReasonTooManyRows, N: MaxRows}
	}
	if len(fields) > MaxColumns {
		return &Problem{Line: line, Reason: ReasonTooManyColumns, N: MaxColumns}
	}
	for _, f := range fields {
		if f != "" {
			l.cells++
		}
		l.chars += utf8.RuneCountInString(f)
	}
	if l.cells > MaxCells {
		return &Problem{Line: line, Reason: ReasonTooManyCells, N: MaxCells}
	}
	if l.chars > MaxChars {
		return &Problem{Line: line, Reason: ReasonTooManyChars, N: MaxChars}
	}
	return nil
}
