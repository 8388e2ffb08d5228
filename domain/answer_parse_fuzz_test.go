package domain

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fuzzQuestions are the questions FuzzParseAnswer's first argument picks from.
var fuzzQuestions = []*Question{
	intQ, intOptQ, boundedQ, signedQ, moneyQ,
	{ID: "mb", Type: TypeMoney, Min: ptr(0), Max: ptr(10_000_000_000)},
	yesNoQn, choiceQn, textQ, textOptQ, fileQ,
}

func FuzzParseAnswer(f *testing.F) {
	for i, s := range []string{
		"12", "1.000", "1,5", "2,5tr", "1.500k", "-5", "có", "Trực tuyến", "\u200bxin chào\u200f",
		"3tr5", "3 triệu rưỡi", "1 tỷ 200 triệu", "20 hoạt động", "khoảng 20", "12 nam 8 nữ", "không có",
	} {
		f.Add(uint8(i), s)
	}
	f.Fuzz(func(t *testing.T, pick uint8, input string) {
		qn := fuzzQuestions[int(pick)%len(fuzzQuestions)]
		p, err := ParseInput(qn, input)
		if _, err2 := ParseAnswer(qn, input); (err == nil && !p.Approximate) != (err2 == nil) {
			t.Fatalf("ParseInput(%s, %q) = %+v, %v but ParseAnswer's error is %v", qn.ID, input, p, err, err2)
		}
		a := p.Answer
		if err != nil {
			var ue *UserError
			if !errors.As(err, &ue) || !strings.HasPrefix(ue.MsgID, "answer.") {
				t.Fatalf("ParseAnswer(%s, %q): %v is not an answer.* UserError", qn.ID, input, err)
			}
			return
		}
		if p.Approximate && qn.Type != TypeInteger && qn.Type != TypeMoney {
			t.Fatalf("ParseInput(%s, %q): approximate %s answer", qn.ID, input, qn.Type)
		}
		switch qn.Type {
		case TypeInteger, TypeMoney:
			if a.Int == nil {
				t.Fatalf("ParseAnswer(%s, %q) gave no number", qn.ID, input)
			}
			n := *a.Int
			if n > upperBound(qn) || n < lowerBound(qn) || (n < 0 && qn.Min == nil) {
				t.Fatalf("ParseAnswer(%s, %q) = %d, outside the bounds", qn.ID, input, n)
			}
			again, err := ParseAnswer(qn, FormatVND(n))
			if err != nil || again.Int == nil || *again.Int != n {
				t.Fatalf("%q read as %d, but %q reads back as %v, %v", input, n, FormatVND(n), again.Int, err)
			}
		case TypeYesNo:
			if a.Bool == nil {
				t.Fatalf("ParseAnswer(%s, %q) gave no bool", qn.ID, input)
			}
		case TypeChoice:
			if !slices.ContainsFunc(qn.Options, func(o Option) bool { return o.ID == a.Choice }) {
				t.Fatalf("ParseAnswer(%s, %q) = unknown option %q", qn.ID, input, a.Choice)
			}
		case TypeText:
			s := a.Text
			first, _ := utf8.DecodeRuneInString(s)
			last, _ := utf8.DecodeLastRuneInString(s)
			switch {
			case s == "":
				t.Fatalf("ParseAnswer(%s, %q) accepted empty text", qn.ID, input)
			case !utf8.ValidString(s) || !norm.NFC.IsNormalString(s):
				t.Fatalf("ParseAnswer(%s, %q) = %q, not valid NFC", qn.ID, input, s)
			case utf8.RuneCountInString(s) > qn.TextLimit():
				t.Fatalf("ParseAnswer(%s, %q): %d runes over the limit", qn.ID, input, utf8.RuneCountInString(s))
			case unicode.IsSpace(first) || invisible(first) || unicode.IsSpace(last) || invisible(last):
				t.Fatalf("ParseAnswer(%s, %q) = %q, not trimmed", qn.ID, input, s)
			}
		case TypeFile:
			t.Fatalf("ParseAnswer(%s, %q) accepted text for a file", qn.ID, input)
		}
	})
}
