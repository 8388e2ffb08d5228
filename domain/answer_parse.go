package domain

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Locale ids of the errors ParseAnswer returns (as *UserError) and their template data.
const (
	msgEmpty         = "answer.empty"          // a required question got nothing
	msgEmptyOptional = "answer.empty_optional" // an optional one got nothing: type or skip
	msgNotYesNo      = "answer.not_yes_no"
	msgNotChoice     = "answer.not_choice"    // {{.Count}}: number of options
	msgTextTooLong   = "answer.text_too_long" // {{.Len}}, {{.Max}}: runes, formatted
	msgNeedFile      = "answer.need_file"
	msgApproximate   = "answer.approximate" // {{.Value}}: ParseAnswer refuses "khoảng 20"
)

// MsgConfirmApproximate is the locale id of the question to put to a reporter who hedged a
// number ("khoảng 20"), with {{.Value}} the number kept: see Parsed.
const MsgConfirmApproximate = "answer.confirm_approximate"

// Parsed is what ParseInput read from a typed answer.
type Parsed struct {
	Answer Answer
	// Approximate is set when the reporter hedged a number ("khoảng 20", "hơn 20", "~20"):
	// Answer holds the number they gave, and the engine asks them to confirm it (message
	// MsgConfirmApproximate, data ConfirmData) before keeping it, since the district adds
	// exact numbers.
	Approximate bool
}

// ConfirmData is the template data of MsgConfirmApproximate: {"Value": "20"}.
func (p Parsed) ConfirmData() map[string]any {
	if p.Answer.Int == nil {
		return nil
	}
	return map[string]any{"Value": FormatVND(*p.Answer.Int)}
}

// ParseAnswer reads a typed answer to qn like ParseInput, and refuses a hedged number
// ("khoảng 20") with answer.approximate instead of asking to confirm it: for callers that
// cannot ask.
func ParseAnswer(qn *Question, input string) (Answer, error) {
	p, err := ParseInput(qn, input)
	switch {
	case err != nil:
		return Answer{}, err
	case p.Approximate:
		return Answer{}, Tell(msgApproximate, p.ConfirmData())
	}
	return p.Answer, nil
}

// ParseInput reads a typed answer to qn. The input is made valid UTF-8, NFC-normalised and
// trimmed, and invisible characters (zero-width, BOM, bidi marks) are dropped from numbers
// and from the edges of text. By type:
//   - integer: digits with an optional sign; thousands separators ('.', ',', a space or
//     NBSP) only between groups of exactly three digits, so "1.000" and "12 345 678" are
//     read but "1,5", "1.00" and "1.000,5" are refused, never read as 15; words after a
//     space are the unit and ignored ("20 hoạt động", "5 suất", "12 em"), but a second
//     number is refused ("12 nam 8 nữ"); "không", "không có", "chưa có" read as 0;
//   - money: an integer in đồng, or a number with a multiplier k/nghìn/ngàn (10^3),
//     tr/triệu (10^6), tỷ/tỉ (10^9) which may have a decimal part ("2,5tr", "2.5 triệu"),
//     as long as the result is a whole number of đồng; an optional unit đ/đồng/d/vnd/vnđ/₫;
//   - both: multipliers in decreasing order add up ("1 tỷ 200 triệu", "3 triệu 500
//     nghìn"); digits right after a multiplier are its decimals ("3tr5" is 3,5 triệu) and
//     "rưỡi" is a half ("3 triệu rưỡi"); a hedging word first ("khoảng", "tầm", "gần",
//     "hơn", "~") keeps the number and sets Parsed.Approximate;
//   - yes_no: có/co/c/yes/y/1/đúng and không/khong/ko/k/no/n/0/chưa/không có, any case,
//     with or without diacritics, final punctuation ignored;
//   - choice: the option's number from 1, or its label (Vietnamese or English) or id;
//   - text: up to qn.TextLimit() runes, emoji and diacritics kept;
//   - file: never read from text.
//
// Numbers are refused when negative (unless Min < 0), outside Min..Max, or beyond
// ±MaxNumber. Every refusal is a *UserError with an "answer.*" message id whose data holds
// formatted numbers, e.g. {"Min": "1.000"}. Empty input is refused too: skipping a question
// is the engine's explicit action, not an empty answer.
func ParseInput(qn *Question, input string) (Parsed, error) {
	s := norm.NFC.String(strings.ToValidUTF8(input, "\uFFFD"))
	if qn.Type == TypeFile {
		return Parsed{}, Tell(msgNeedFile, nil)
	}
	if qn.Type == TypeText {
		s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || invisible(r) })
	} else {
		s = strings.TrimSpace(strings.Map(dropInvisible, s))
	}
	if s == "" {
		if qn.Required {
			return Parsed{}, Tell(msgEmpty, nil)
		}
		return Parsed{}, Tell(msgEmptyOptional, nil)
	}
	if qn.Type == TypeInteger || qn.Type == TypeMoney {
		n, approx, err := parseNumber(qn, s)
		if err != nil {
			return Parsed{}, err
		}
		return Parsed{Answer: Answer{Int: &n}, Approximate: approx}, nil
	}
	a, err := parseOther(qn, s)
	return Parsed{Answer: a}, err
}

// parseOther reads the answer to a yes_no, choice or text question.
func parseOther(qn *Question, s string) (Answer, error) {
	switch qn.Type {
	case TypeYesNo:
		b, ok := parseYesNo(s)
		if !ok {
			return Answer{}, Tell(msgNotYesNo, nil)
		}
		return Answer{Bool: &b}, nil
	case TypeChoice:
		id, ok := parseChoice(qn.Options, s)
		if !ok {
			return Answer{}, Tell(msgNotChoice, map[string]any{"Count": len(qn.Options)})
		}
		return Answer{Choice: id}, nil
	case TypeText:
		if n, limit := utf8.RuneCountInString(s), qn.TextLimit(); n > limit {
			return Answer{}, Tell(msgTextTooLong, map[string]any{
				"Len": FormatVND(int64(n)), "Max": FormatVND(int64(limit)),
			})
		}
		return Answer{Text: s}, nil
	}
	return Answer{}, fmt.Errorf("parse answer to %q: unknown question type %q", qn.ID, qn.Type)
}

// invisible reports the zero-width characters and bidi controls that copying from a web
// page or a right-to-left chat slips into text; they are never meant as content.
func invisible(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, // ZWSP, ZWNJ, ZWJ, LRM, RLM
		r >= 0x202A && r <= 0x202E, // LRE, RLE, PDF, LRO, RLO
		r >= 0x2066 && r <= 0x2069, // LRI, RLI, FSI, PDI
		r == 0x2060, r == 0xFEFF:   // word joiner, BOM
		return true
	}
	return false
}

func dropInvisible(r rune) rune {
	if invisible(r) {
		return -1
	}
	return r
}

// fold lower-cases s and removes Vietnamese diacritics (đ becomes d), so "Không", "khong"
// and "KHÔNG" compare equal.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ':
			r = 'd'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldWords folds s, joins its words with single spaces and drops final punctuation, for
// comparing a typed word with a list.
func foldWords(s string) string {
	return strings.TrimRight(strings.Join(strings.Fields(fold(s)), " "), ".!?")
}

// yesWords and noWords are folded; "k" and "ko" are how Vietnamese chat writes "không".
var (
	yesWords = []string{"co", "c", "yes", "y", "1", "dung", "co a", "da co"}
	noWords  = []string{"khong", "ko", "k", "kh", "no", "n", "0", "khong co", "chua"}
)

func parseYesNo(s string) (value, ok bool) {
	f := foldWords(s)
	for _, w := range yesWords {
		if f == w {
			return true, true
		}
	}
	for _, w := range noWords {
		if f == w {
			return false, true
		}
	}
	return false, false
}

func parseChoice(opts []Option, s string) (string, bool) {
	f := foldWords(s)
	if n, err := strconv.Atoi(f); err == nil {
		if n >= 1 && n <= len(opts) {
			return opts[n-1].ID, true
		}
		return "", false
	}
	for _, o := range opts {
		if f == o.ID || f == foldWords(o.Label.VI) || (o.Label.EN != "" && f == foldWords(o.Label.EN)) {
			return o.ID, true
		}
	}
	return "", false
}
