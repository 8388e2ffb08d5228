package domain

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Locale ids of the number errors. Integer and money questions word some of them
// differently, since a money answer may use "tr" or "k" and an integer one may not.
const (
	msgBadGrouping    = "answer.bad_grouping"    // "10.0000", "1..000"
	msgMoneyAmbiguous = "answer.money_ambiguous" // "1.500k": 1,5 nghìn or 1500 nghìn?
	msgNegative       = "answer.negative"
	msgTooSmall       = "answer.too_small" // {{.Min}}
	msgTooLarge       = "answer.too_large" // {{.Max}}
	// msgSeveralNumbers refuses "12 nam 8 nữ" or "12-13": the report needs one number.
	msgSeveralNumbers = "answer.several_numbers"
)

// numberMsgs are the ids that differ between integer and money questions.
type numberMsgs struct{ notNumber, letters, decimal string }

var (
	integerMsgs = numberMsgs{"answer.not_integer", "answer.integer_letters", "answer.decimal"}
	moneyMsgs   = numberMsgs{"answer.not_money", "answer.money_letters", "answer.money_fraction"}
)

// moneyUnits may end a money answer; they are folded (see fold), longest first.
var moneyUnits = []string{"vnd", "dong", "d", "₫"}

// multiplier is a folded word that multiplies the number before it by 10^exp.
type multiplier struct {
	word string
	exp  int
}

// multipliers are the words a number may carry, longest first: "3 triệu", "500k", "1,2 tỷ".
var multipliers = []multiplier{
	{"trieu", 6}, {"nghin", 3}, {"ngan", 3}, {"tr", 6}, {"ty", 9}, {"ti", 9}, {"k", 3},
}

// parseNumber reads an integer or money answer already trimmed and freed of invisible
// characters, and checks it against the question's bounds. approx is set when the reporter
// hedged ("khoảng 20"): n is the number they gave.
func parseNumber(qn *Question, s string) (n int64, approx bool, err error) {
	msgs := integerMsgs
	if qn.Type == TypeMoney {
		msgs = moneyMsgs
	}
	f := fold(s)
	f, approx = cutApprox(f)
	if !approx && slices.Contains(zeroWords, foldWords(f)) {
		return inBounds(qn, 0, approx)
	}
	neg := false
	if r, size := utf8.DecodeRuneInString(f); r == '-' || r == '−' || r == '+' {
		neg, f = r != '+', strings.TrimSpace(f[size:])
	}
	groups, rest, err := splitGroups(f, msgs)
	if err != nil {
		return 0, false, err
	}
	if err := checkUnit(qn, rest, groups, msgs); err != nil {
		return 0, false, err
	}
	mag, err := groupsValue(groups, msgs)
	if err != nil {
		return 0, false, err
	}
	switch {
	case neg && mag > 0 && (qn.Min == nil || *qn.Min >= 0):
		return 0, false, Tell(msgNegative, nil)
	case mag > uint64(MaxNumber) && neg:
		return 0, false, Tell(msgTooSmall, map[string]any{"Min": FormatVND(lowerBound(qn))})
	case mag > uint64(MaxNumber):
		return 0, false, Tell(msgTooLarge, map[string]any{"Max": FormatVND(upperBound(qn))})
	}
	n = int64(mag)
	if neg {
		n = -n
	}
	return inBounds(qn, n, approx)
}

func inBounds(qn *Question, n int64, approx bool) (int64, bool, error) {
	if hi := upperBound(qn); n > hi {
		return 0, false, Tell(msgTooLarge, map[string]any{"Max": FormatVND(hi)})
	}
	if lo := lowerBound(qn); n < lo {
		return 0, false, Tell(msgTooSmall, map[string]any{"Min": FormatVND(lo)})
	}
	return n, approx, nil
}

func upperBound(qn *Question) int64 {
	if qn.Max != nil && *qn.Max < MaxNumber {
		return *qn.Max
	}
	return MaxNumber
}

func lowerBound(qn *Question) int64 {
	if qn.Min != nil && *qn.Min > -MaxNumber {
		return *qn.Min
	}
	return -MaxNumber
}

// scanNumber splits "[sign]digits[sep digits]..." into its sign, whole digits and, when
// decimals is set (a money multiplier follows), decimal digits. Separators are '.', ',' and
// any Unicode space; between the groups of the whole part they must all be alike and every
// group after the first must have exactly three digits.
func scanNumber(s string, decimals bool, msgs numberMsgs) (neg bool, whole, frac string, err error) {
	if r, size := utf8.DecodeRuneInString(s); r == '-' || r == '−' || r == '+' {
		neg, s = r != '+', strings.TrimSpace(s[size:])
	}
	var groups []string
	var seps []rune
	start := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' || r == ',' || unicode.IsSpace(r):
			groups, start = append(groups, s[start:i]), i+utf8.RuneLen(r)
			if unicode.IsSpace(r) {
				r = ' ' // NBSP, thin space and the like group digits as a space does
			}
			seps = append(seps, r)
		case unicode.IsLetter(r):
			return false, "", "", Tell(msgs.letters, nil)
		default:
			return false, "", "", Tell(msgs.notNumber, nil)
		}
	}
	groups = append(groups, s[start:])
	if groups[0] == "" || groups[len(groups)-1] == "" {
		return false, "", "", Tell(msgs.notNumber, nil) // "", "-", ".5", "5."
	}
	for _, g := range groups {
		if g == "" {
			return false, "", "", Tell(msgBadGrouping, nil) // "1..000", "1. 000"
		}
	}
	last, lastSep := len(groups)-1, rune(0)
	if last > 0 {
		lastSep = seps[last-1]
	}
	switch {
	case grouped(groups, seps):
		if decimals && last == 1 && lastSep != ' ' {
			return false, "", "", Tell(msgMoneyAmbiguous, map[string]any{"Input": s})
		}
		return neg, strings.Join(groups, ""), "", nil
	case lastSep == ' ':
		return false, "", "", Tell(msgBadGrouping, nil)
	case decimals && grouped(groups[:last], seps[:last-1]) && !strings.ContainsRune(string(seps[:last-1]), lastSep):
		return neg, strings.Join(groups[:last], ""), groups[last], nil
	case len(groups[last]) < 3 || strings.HasPrefix(groups[0], "0") || mixed(seps):
		return false, "", "", Tell(msgs.decimal, map[string]any{"Input": s}) // "1,5", "1.00", "0.500", "1.000,5"
	}
	return false, "", "", Tell(msgBadGrouping, nil) // "10.0000", "1,2.345"
}

// grouped reports whether groups joined by seps form a whole number with thousands
// separators: one kind of separator, a first group of 1-3 digits without a leading zero
// (unless it is alone), then groups of exactly three.
func grouped(groups []string, seps []rune) bool {
	if len(groups) == 1 {
		return true
	}
	if len(groups[0]) > 3 || groups[0][0] == '0' || mixed(seps) {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

func mixed(seps []rune) bool {
	for _, r := range seps {
		if r != seps[0] {
			return true
		}
	}
	return false
}

// magnitude computes whole.frac × 10^exp. It fails when the result is not a whole number
// or exceeds MaxNumber.
func magnitude(whole, frac string, exp int) (uint64, bool) {
	frac = strings.TrimRight(frac, "0")
	whole = strings.TrimLeft(whole, "0")
	if len(frac) > exp || len(whole)+exp > 16 {
		return 0, false
	}
	digits := whole + frac + strings.Repeat("0", exp-len(frac))
	if digits == "" {
		return 0, true
	}
	n, err := strconv.ParseUint(digits, 10, 64)
	if err != nil || n > uint64(MaxNumber) {
		return 0, false
	}
	return n, true
}
