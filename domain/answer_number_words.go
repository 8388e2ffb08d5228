package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// approxWords are folded words a hedged number starts with ("khoảng 20", "tầm 20", "hơn
// 20", "~20"), longest first. The answer keeps the number and the engine asks to confirm it.
var approxWords = []string{
	"khoang chung", "uoc chung", "uoc tinh", "xap xi", "khoang", "chung", "tam", "gan", "hon",
	"tren", "uoc", "~", "≈",
}

// zeroWords read as 0: a count answered "không", "không có", "chưa có".
var zeroWords = []string{"khong", "khong co", "ko", "ko co", "chua co", "khong co ai", "khong co em nao"}

// group is one "number multiplier" part of an amount ("3 triệu", "500 nghìn"); exp is the
// multiplier's power of ten (0 without one) and tail the digits after it ("3tr5": 5), read
// as its decimals.
type group struct {
	num  string
	exp  int
	tail string
}

// cutApprox removes a hedging word from the start of the folded input.
func cutApprox(f string) (string, bool) {
	for _, w := range approxWords {
		rest, ok := strings.CutPrefix(f, w)
		if !ok {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(rest); w == "~" || w == "≈" || unicode.IsSpace(r) || isDigit(r) {
			return strings.TrimSpace(rest), true
		}
	}
	return f, false
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// splitGroups reads the folded input as groups of decreasing multipliers ("1 tỷ 200
// triệu", "3 triệu 500 nghìn"), the last of which may end in bare digits ("3tr5") or
// "rưỡi" (a half). rest is what follows, with its leading space if any: the unit.
func splitGroups(f string, msgs numberMsgs) (groups []group, rest string, err error) {
	rest = f
	for {
		num, after := leadingNumber(rest)
		if num == "" {
			break
		}
		m, afterM, ok := leadingMultiplier(after)
		if !ok {
			if len(groups) == 0 {
				return []group{{num: num}}, after, nil
			}
			last := &groups[len(groups)-1]
			if strings.Trim(num, "0123456789") != "" {
				return nil, "", Tell(msgs.notNumber, nil)
			}
			last.tail = num
			return groups, after, nil
		}
		if n := len(groups); n > 0 && m.exp >= groups[n-1].exp {
			return nil, "", Tell(msgs.notNumber, nil) // "3 nghìn 2 triệu"
		}
		groups = append(groups, group{num: num, exp: m.exp})
		rest = afterM
		if r, ok := cutWord(strings.TrimLeftFunc(rest, unicode.IsSpace), "ruoi"); ok {
			groups[len(groups)-1].tail = "5"
			return groups, r, nil
		}
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
	}
	if len(groups) == 0 {
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsLetter(r) {
			return nil, "", Tell(msgs.letters, nil)
		}
		return nil, "", Tell(msgs.notNumber, nil)
	}
	return groups, rest, nil
}

// leadingNumber splits s after its leading run of digits, '.', ',' and spaces, trailing
// spaces left to after.
func leadingNumber(s string) (num, after string) {
	end := 0
	for i, r := range s {
		if !isDigit(r) && r != '.' && r != ',' && !unicode.IsSpace(r) {
			break
		}
		end = i + utf8.RuneLen(r)
	}
	num = strings.TrimRightFunc(s[:end], unicode.IsSpace)
	return num, s[len(num):]
}

// leadingMultiplier reads a multiplier word at the start of s (after spaces) that ends
// there: at the end, before a space or a digit ("3tr5"), or before a money unit ("500kđ").
func leadingMultiplier(s string) (multiplier, string, bool) {
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	for _, m := range multipliers {
		rest, ok := strings.CutPrefix(t, m.word)
		if !ok {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(rest); rest == "" || unicode.IsSpace(r) || isDigit(r) || isMoneyUnit(rest) {
			return m, rest, true
		}
	}
	return multiplier{}, s, false
}

// cutWord removes word from the start of s when a space or the end follows it.
func cutWord(s, word string) (string, bool) {
	rest, ok := strings.CutPrefix(s, word)
	if r, _ := utf8.DecodeRuneInString(rest); ok && (rest == "" || unicode.IsSpace(r)) {
		return rest, true
	}
	return s, false
}

func isMoneyUnit(s string) bool {
	for _, u := range moneyUnits {
		if s == u {
			return true
		}
	}
	return false
}

// checkUnit accepts what follows the number: for money a unit (đ, đồng, vnd, ₫); for an
// integer, words after a space ("20 hoạt động", "5 suất", "12 em"), final punctuation
// ignored. A second number is refused with its own message.
func checkUnit(qn *Question, rest string, groups []group, msgs numberMsgs) error {
	u := strings.TrimRight(strings.TrimSpace(rest), ".!?")
	switch {
	case u == "":
		return nil
	case strings.ContainsFunc(u, isDigit):
		return Tell(msgSeveralNumbers, nil)
	case qn.Type == TypeMoney && isMoneyUnit(u):
		return nil
	case !strings.ContainsFunc(u, unicode.IsLetter):
		return Tell(msgs.notNumber, nil)
	case qn.Type == TypeMoney:
		return Tell(msgs.letters, nil)
	case strings.ContainsFunc(u, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsSpace(r) }):
		return Tell(msgs.notNumber, nil)
	}
	spaced := strings.HasPrefix(rest, " ") || groups[len(groups)-1].exp > 0
	if !spaced {
		return Tell(msgs.letters, nil) // "12a"
	}
	return nil
}

// groupsValue adds the groups up. A result above MaxNumber is returned as MaxNumber+1 for
// the caller to refuse with the bounds.
func groupsValue(groups []group, msgs numberMsgs) (uint64, error) {
	var total uint64
	for i, g := range groups {
		_, whole, frac, err := scanNumber(g.num, g.exp > 0, msgs)
		if err != nil {
			return 0, err
		}
		if g.tail != "" {
			if frac != "" {
				return 0, Tell(msgs.notNumber, nil) // "2,5tr5"
			}
			frac = g.tail
		}
		mag, ok := magnitude(whole, frac, g.exp)
		switch {
		case !ok && len(strings.TrimRight(frac, "0")) > g.exp:
			return 0, Tell(msgs.decimal, map[string]any{"Input": g.num}) // "1,2345k"
		case !ok:
			return uint64(MaxNumber) + 1, nil
		case i > 0 && mag >= pow10(groups[i-1].exp):
			return 0, Tell(msgs.notNumber, nil) // "1 triệu 2000 nghìn"
		}
		if total += mag; total > uint64(MaxNumber) {
			return uint64(MaxNumber) + 1, nil
		}
	}
	return total, nil
}

func pow10(exp int) uint64 {
	n := uint64(1)
	for range exp {
		n *= 10
	}
	return n
}
