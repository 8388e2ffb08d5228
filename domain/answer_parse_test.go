package domain

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func ptr(n int64) *int64 { return &n }

var (
	intQ     = &Question{ID: "n", Type: TypeInteger, Required: true}
	intOptQ  = &Question{ID: "n", Type: TypeInteger}
	boundedQ = &Question{ID: "n", Type: TypeInteger, Required: true, Min: ptr(1), Max: ptr(100)}
	signedQ  = &Question{ID: "n", Type: TypeInteger, Required: true, Min: ptr(-100), Max: ptr(100)}
	moneyQ   = &Question{ID: "m", Type: TypeMoney, Required: true}
	yesNoQn  = &Question{ID: "y", Type: TypeYesNo, Required: true}
	fileQ    = &Question{ID: "f", Type: TypeFile}
	textQ    = &Question{ID: "t", Type: TypeText, Required: true, MaxLen: 10}
	textOptQ = &Question{ID: "t", Type: TypeText}
	choiceQn = &Question{ID: "c", Type: TypeChoice, Required: true, Options: []Option{
		{ID: "in_person", Label: Text{VI: "Trực tiếp", EN: "In person"}},
		{ID: "online", Label: Text{VI: "Trực tuyến", EN: "Online"}},
		{ID: "blended", Label: Text{VI: "Kết hợp", EN: "Both"}},
	}}
)

// want builders for the table below.
func wInt(n int64) Answer      { return Answer{Int: &n} }
func wBool(b bool) Answer      { return Answer{Bool: &b} }
func wChoice(id string) Answer { return Answer{Choice: id} }
func wText(s string) Answer    { return Answer{Text: s} }

func TestParseAnswer(t *testing.T) {
	tests := []struct {
		name string
		qn   *Question
		in   string
		want Answer
		err  string         // message id when refused
		data map[string]any // expected template data, when refused with data
	}{
		// Integers and thousands separators.
		{"plain", intQ, "12", wInt(12), "", nil},
		{"spaces around", intQ, "  12 \n", wInt(12), "", nil},
		{"zero", intQ, "0", wInt(0), "", nil},
		{"minus zero", intQ, "-0", wInt(0), "", nil},
		{"plus sign", intQ, "+5", wInt(5), "", nil},
		{"leading zeros", intQ, "007", wInt(7), "", nil},
		{"dot thousands", intQ, "1.000", wInt(1000), "", nil},
		{"space thousands", intQ, "1 000", wInt(1000), "", nil},
		{"comma thousands", intQ, "1,000", wInt(1000), "", nil},
		{"nbsp thousands", intQ, "1\u00a0000", wInt(1000), "", nil},
		{"narrow nbsp thousands", intQ, "1\u202f000", wInt(1000), "", nil},
		{"millions", intQ, "12.345.678", wInt(12345678), "", nil},
		{"limit", intQ, "1.000.000.000.000.000", wInt(MaxNumber), "", nil},
		{"decimal comma", intQ, "1,5", Answer{}, "answer.decimal", nil},
		{"decimal dot", intQ, "1.00", Answer{}, "answer.decimal", nil},
		{"zero point", intQ, "0.500", Answer{}, "answer.decimal", nil},
		{"thousands and decimals", intQ, "1.000,5", Answer{}, "answer.decimal", nil},
		{"group of four", intQ, "10.0000", Answer{}, "answer.bad_grouping", nil},
		{"double dot", intQ, "1..000", Answer{}, "answer.bad_grouping", nil},
		{"mixed separators", intQ, "1.000 000", Answer{}, "answer.bad_grouping", nil},
		{"first group of four", intQ, "1000.000", Answer{}, "answer.bad_grouping", nil},
		{"trailing dot", intQ, "12.", Answer{}, "answer.not_integer", nil},
		{"leading dot", intQ, ".5", Answer{}, "answer.not_integer", nil},
		{"sign only", intQ, "-", Answer{}, "answer.not_integer", nil},
		{"percent", intQ, "5%", Answer{}, "answer.not_integer", nil},
		{"fullwidth digits", intQ, "１２", Answer{}, "answer.not_integer", nil},
		{"letters", intQ, "12a", Answer{}, "answer.integer_letters", nil},
		{"with a unit", intQ, "12 học sinh", wInt(12), "", nil},
		{"activities", intQ, "20 hoạt động", wInt(20), "", nil},
		{"servings", intQ, "5 suất", wInt(5), "", nil},
		{"children", intQ, "12 em.", wInt(12), "", nil},
		{"grouped with a unit", intQ, "1.200 lượt", wInt(1200), "", nil},
		{"nghìn count", intQ, "1,5 nghìn lượt", wInt(1500), "", nil},
		{"không as zero", intQ, "Không", wInt(0), "", nil},
		{"không có as zero", intQ, "không có", wInt(0), "", nil},
		{"chưa có as zero", intQ, "chưa có.", wInt(0), "", nil},
		{"unit glued", intQ, "20hoạt động", Answer{}, "answer.integer_letters", nil},
		{"two numbers", intQ, "12 nam 8 nữ", Answer{}, "answer.several_numbers", nil},
		{"a range", intQ, "12-13", Answer{}, "answer.several_numbers", nil},
		{"decimal count", intQ, "1,5", Answer{}, "answer.decimal", map[string]any{"Input": "1,5"}},
		{"decimal count with unit", intQ, "2,5 em", Answer{}, "answer.decimal", nil},
		{"unit with a symbol", intQ, "12 em (nam)", Answer{}, "answer.not_integer", nil},
		{"about twenty", intQ, "khoảng 20", Answer{}, "answer.approximate", map[string]any{"Value": "20"}},
		{"roughly with unit", intQ, "tầm 20 em", Answer{}, "answer.approximate", nil},
		{"tilde", intQ, "~20", Answer{}, "answer.approximate", nil},
		{"approx beyond max", boundedQ, "khoảng 500", Answer{}, "answer.too_large", nil},
		{"approx of nothing", intQ, "khoảng", Answer{}, "answer.integer_letters", nil},
		{"in words", intQ, "mười hai", Answer{}, "answer.integer_letters", nil},
		{"negative", intQ, "-5", Answer{}, "answer.negative", nil},
		{"unicode minus", intQ, "−5", Answer{}, "answer.negative", nil},
		{"huge negative", intQ, "-99999999999999999999", Answer{}, "answer.negative", nil},
		{"above 10^15", intQ, "1.000.000.000.000.001", Answer{}, "answer.too_large", map[string]any{"Max": "1.000.000.000.000.000"}},
		{"overflows int64", intQ, "99999999999999999999999", Answer{}, "answer.too_large", nil},
		{"below min", boundedQ, "0", Answer{}, "answer.too_small", map[string]any{"Min": "1"}},
		{"above max", boundedQ, "1.000", Answer{}, "answer.too_large", map[string]any{"Max": "100"}},
		{"at max", boundedQ, "100", wInt(100), "", nil},
		{"negative allowed", signedQ, "-5", wInt(-5), "", nil},
		{"negative below min", signedQ, "-1.000", Answer{}, "answer.too_small", map[string]any{"Min": "-100"}},
		{"required empty", intQ, "", Answer{}, "answer.empty", nil},
		{"required blank", intQ, " \u00a0 ", Answer{}, "answer.empty", nil},
		{"optional empty", intOptQ, "  ", Answer{}, "answer.empty_optional", nil},

		// Invisible characters are dropped from numbers.
		{"zero-width space", intQ, "\u200b12\u200b", wInt(12), "", nil},
		{"zero-width inside", intQ, "1\u200c000", wInt(1000), "", nil},
		{"bidi marks", intQ, "\u200e1.000\u200f", wInt(1000), "", nil},
		{"rtl embedding", intQ, "\u202b12\u202c", wInt(12), "", nil},
		{"isolates", intQ, "\u20661.000\u2069", wInt(1000), "", nil},
		{"bom and word joiner", intQ, "\ufeff1\u2060.000", wInt(1000), "", nil},
		{"only invisible", intQ, "\u200b\u200d", Answer{}, "answer.empty", nil},

		// Money.
		{"money plain", moneyQ, "5000000", wInt(5_000_000), "", nil},
		{"money dots", moneyQ, "5.000.000", wInt(5_000_000), "", nil},
		{"money đ", moneyQ, "5.000.000đ", wInt(5_000_000), "", nil},
		{"money đồng", moneyQ, "5.000.000 đồng", wInt(5_000_000), "", nil},
		{"money VNĐ", moneyQ, "5.000.000 VNĐ", wInt(5_000_000), "", nil},
		{"money vnd", moneyQ, "5.000.000vnd", wInt(5_000_000), "", nil},
		{"money d", moneyQ, "5000000 d", wInt(5_000_000), "", nil},
		{"money sign", moneyQ, "5.000.000₫", wInt(5_000_000), "", nil},
		{"triệu", moneyQ, "5 triệu", wInt(5_000_000), "", nil},
		{"trieu", moneyQ, "5trieu", wInt(5_000_000), "", nil},
		{"tr", moneyQ, "5tr", wInt(5_000_000), "", nil},
		{"TR", moneyQ, "5 TR", wInt(5_000_000), "", nil},
		{"Triệu đồng", moneyQ, "5 Triệu đồng", wInt(5_000_000), "", nil},
		{"decomposed triệu", moneyQ, norm.NFD.String("5 triệu"), wInt(5_000_000), "", nil},
		{"decimal comma tr", moneyQ, "2,5tr", wInt(2_500_000), "", nil},
		{"decimal dot tr", moneyQ, "2.5tr", wInt(2_500_000), "", nil},
		{"decimal triệu", moneyQ, "2,5 triệu", wInt(2_500_000), "", nil},
		{"decimal trailing zero", moneyQ, "2,50tr", wInt(2_500_000), "", nil},
		{"below one tr", moneyQ, "0,5tr", wInt(500_000), "", nil},
		{"grouped and decimal", moneyQ, "1.234,5tr", wInt(1_234_500_000), "", nil},
		{"k", moneyQ, "500k", wInt(500_000), "", nil},
		{"K with space", moneyQ, "500 K", wInt(500_000), "", nil},
		{"nghìn", moneyQ, "500 nghìn", wInt(500_000), "", nil},
		{"ngàn", moneyQ, "500 ngàn", wInt(500_000), "", nil},
		{"ngan đồng", moneyQ, "500 ngan dong", wInt(500_000), "", nil},
		{"space grouped k", moneyQ, "1 500k", wInt(1_500_000), "", nil},
		{"tỷ", moneyQ, "1 tỷ", wInt(1_000_000_000), "", nil},
		{"tỉ", moneyQ, "1,2 tỉ", wInt(1_200_000_000), "", nil},
		{"ty", moneyQ, "2ty", wInt(2_000_000_000), "", nil},
		{"ambiguous k", moneyQ, "1.500k", Answer{}, "answer.money_ambiguous", map[string]any{"Input": "1.500"}},
		{"ambiguous tr", moneyQ, "2,500tr", Answer{}, "answer.money_ambiguous", nil},
		{"fraction of a đồng", moneyQ, "1,2345k", Answer{}, "answer.money_fraction", nil},
		{"decimal without multiplier", moneyQ, "2,5", Answer{}, "answer.money_fraction", nil},
		{"money in words", moneyQ, "năm triệu", Answer{}, "answer.money_letters", nil},
		{"money slang", moneyQ, "5 củ", Answer{}, "answer.money_letters", nil},
		{"multiplier only", moneyQ, "tr", Answer{}, "answer.money_letters", nil},
		{"money symbol", moneyQ, "$5", Answer{}, "answer.not_money", nil},
		{"money bad grouping", moneyQ, "5.0000.000", Answer{}, "answer.bad_grouping", nil},
		{"negative money", moneyQ, "-5tr", Answer{}, "answer.negative", nil},
		{"money too large", moneyQ, "2.000.000 tỷ", Answer{}, "answer.too_large", map[string]any{"Max": "1.000.000.000.000.000"}},
		{"money at limit", moneyQ, "1.000.000 tỷ", wInt(MaxNumber), "", nil},
		{"3tr5", moneyQ, "3tr5", wInt(3_500_000), "", nil},
		{"3tr500", moneyQ, "3tr500", wInt(3_500_000), "", nil},
		{"3tr050", moneyQ, "3tr050", wInt(3_050_000), "", nil},
		{"3 triệu 5", moneyQ, "3 triệu 5", wInt(3_500_000), "", nil},
		{"1ty2", moneyQ, "1ty2", wInt(1_200_000_000), "", nil},
		{"5k5", moneyQ, "5k5", wInt(5_500), "", nil},
		{"triệu rưỡi", moneyQ, "3 triệu rưỡi", wInt(3_500_000), "", nil},
		{"tr rưỡi đồng", moneyQ, "3tr rưỡi đồng", wInt(3_500_000), "", nil},
		{"nghìn rưỡi", moneyQ, "1 nghìn rưỡi", wInt(1_500), "", nil},
		{"triệu and nghìn", moneyQ, "3 triệu 500 nghìn", wInt(3_500_000), "", nil},
		{"tỷ and triệu", moneyQ, "1 tỷ 200 triệu đồng", wInt(1_200_000_000), "", nil},
		{"k with đ", moneyQ, "500kđ", wInt(500_000), "", nil},
		{"money about", moneyQ, "khoảng 5 triệu", Answer{}, "answer.approximate", map[string]any{"Value": "5.000.000"}},
		{"multipliers upwards", moneyQ, "3 nghìn 2 triệu", Answer{}, "answer.not_money", nil},
		{"lower group too big", moneyQ, "1 triệu 2000 nghìn", Answer{}, "answer.not_money", nil},
		{"decimal and tail", moneyQ, "2,5tr5", Answer{}, "answer.not_money", nil},
		{"rưỡi after decimal", moneyQ, "1,5 triệu rưỡi", Answer{}, "answer.not_money", nil},
		{"money unit words", moneyQ, "5 triệu tiền mặt", Answer{}, "answer.money_letters", nil},
		{"money two numbers", moneyQ, "5 triệu, 3 suất", Answer{}, "answer.several_numbers", nil},

		// Yes / no.
		{"có", yesNoQn, "có", wBool(true), "", nil},
		{"Có", yesNoQn, "Có", wBool(true), "", nil},
		{"CÓ decomposed", yesNoQn, norm.NFD.String("CÓ"), wBool(true), "", nil},
		{"co", yesNoQn, "co", wBool(true), "", nil},
		{"Co.", yesNoQn, "Co.", wBool(true), "", nil},
		{"yes", yesNoQn, "Yes", wBool(true), "", nil},
		{"y", yesNoQn, "y", wBool(true), "", nil},
		{"1", yesNoQn, "1", wBool(true), "", nil},
		{"có ạ", yesNoQn, "có  ạ", wBool(true), "", nil},
		{"không", yesNoQn, "không", wBool(false), "", nil},
		{"KHÔNG", yesNoQn, "KHÔNG!", wBool(false), "", nil},
		{"khong", yesNoQn, "khong", wBool(false), "", nil},
		{"ko", yesNoQn, "Ko", wBool(false), "", nil},
		{"k", yesNoQn, "k", wBool(false), "", nil},
		{"no", yesNoQn, "NO", wBool(false), "", nil},
		{"n", yesNoQn, "n", wBool(false), "", nil},
		{"0", yesNoQn, "0", wBool(false), "", nil},
		{"không có", yesNoQn, "Không có", wBool(false), "", nil},
		{"chưa", yesNoQn, "chưa", wBool(false), "", nil},
		{"yes_no zero-width", yesNoQn, "\u200bcó\u200e", wBool(true), "", nil},
		{"maybe", yesNoQn, "có lẽ", Answer{}, "answer.not_yes_no", nil},
		{"two", yesNoQn, "2", Answer{}, "answer.not_yes_no", nil},

		// Choice.
		{"number 1", choiceQn, "1", wChoice("in_person"), "", nil},
		{"number 3", choiceQn, " 3 ", wChoice("blended"), "", nil},
		{"number 4", choiceQn, "4", Answer{}, "answer.not_choice", map[string]any{"Count": 3}},
		{"number 0", choiceQn, "0", Answer{}, "answer.not_choice", nil},
		{"label", choiceQn, "Trực tuyến", wChoice("online"), "", nil},
		{"label without diacritics", choiceQn, "truc tiep", wChoice("in_person"), "", nil},
		{"label upper case", choiceQn, "KẾT HỢP.", wChoice("blended"), "", nil},
		{"english label", choiceQn, "in person", wChoice("in_person"), "", nil},
		{"option id", choiceQn, "online", wChoice("online"), "", nil},
		{"unknown label", choiceQn, "qua Zalo", Answer{}, "answer.not_choice", nil},

		// Text.
		{"text trimmed", textQ, "  Tốt lắm \n", wText("Tốt lắm"), "", nil},
		{"text nfc", textQ, norm.NFD.String("Trực tiếp"), wText("Trực tiếp"), "", nil},
		{"text invisible edges", textQ, "\u200b\u202bXin chào\u202c\u200f", wText("Xin chào"), "", nil},
		{"text keeps emoji joiner", textQ, "👨\u200d👩\u200d👧", wText("👨\u200d👩\u200d👧"), "", nil},
		{"text emoji", textQ, "Tốt 👍", wText("Tốt 👍"), "", nil},
		{"text invalid utf-8", textQ, "ab\xff", wText("ab\ufffd"), "", nil},
		{"text at the limit in runes", textQ, strings.Repeat("ệ", 10), wText(strings.Repeat("ệ", 10)), "", nil},
		{"text over the limit", textQ, strings.Repeat("ệ", 11), Answer{}, "answer.text_too_long", map[string]any{"Len": "11", "Max": "10"}},
		{"text over the default limit", textOptQ, strings.Repeat("a", 2001), Answer{}, "answer.text_too_long", map[string]any{"Len": "2.001", "Max": "2.000"}},
		{"text required blank", textQ, " \u200b ", Answer{}, "answer.empty", nil},
		{"text optional blank", textOptQ, "\n", Answer{}, "answer.empty_optional", nil},

		// Files.
		{"file from text", fileQ, "ảnh đây", Answer{}, "answer.need_file", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseAnswer(tt.qn, tt.in)
			if tt.err != "" {
				var ue *UserError
				if !errors.As(err, &ue) {
					t.Fatalf("ParseAnswer(%q) = %+v, %v; want UserError %s", tt.in, got, err, tt.err)
				}
				if ue.MsgID != tt.err {
					t.Fatalf("ParseAnswer(%q): error %s %v, want %s", tt.in, ue.MsgID, ue.Data, tt.err)
				}
				if tt.data != nil && !reflect.DeepEqual(ue.Data, tt.data) {
					t.Fatalf("ParseAnswer(%q): data %v, want %v", tt.in, ue.Data, tt.data)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseAnswer(%q): %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ParseAnswer(%q) = %s, want %s", tt.in, dump(got), dump(tt.want))
			}
		})
	}
}

func TestParseInput_approximate(t *testing.T) {
	for _, tt := range []struct {
		qn     *Question
		in     string
		want   int64
		approx bool
	}{
		{intQ, "khoảng 20", 20, true},
		{intQ, "Khoảng chừng 20 em", 20, true},
		{intQ, "gần 1.000 lượt", 1000, true},
		{intQ, "hơn 20", 20, true},
		{intQ, "≈ 20", 20, true},
		{moneyQ, "tầm 2,5 triệu", 2_500_000, true},
		{intQ, "20", 20, false},
		{intQ, "tám", 0, false}, // "tám" (eight) folds like "tầm" but has no number after it
	} {
		p, err := ParseInput(tt.qn, tt.in)
		if tt.want == 0 {
			if err == nil {
				t.Errorf("ParseInput(%q) = %+v, want an error", tt.in, p)
			}
			continue
		}
		if err != nil || p.Answer.Int == nil || *p.Answer.Int != tt.want || p.Approximate != tt.approx {
			t.Errorf("ParseInput(%q) = %+v, %v; want %d approximate %v", tt.in, p, err, tt.want, tt.approx)
			continue
		}
		if tt.approx && p.ConfirmData()["Value"] != FormatVND(tt.want) {
			t.Errorf("ParseInput(%q): confirm data %v", tt.in, p.ConfirmData())
		}
	}
}

func TestParseAnswer_unknownType(t *testing.T) {
	_, err := ParseAnswer(&Question{ID: "x", Type: "date"}, "1")
	var ue *UserError
	if err == nil || errors.As(err, &ue) {
		t.Fatalf("error %v: want an internal error, not one for the user", err)
	}
}

func dump(a Answer) string {
	switch {
	case a.Int != nil:
		return "Int " + FormatVND(*a.Int)
	case a.Bool != nil:
		return "Bool " + yesNoValue(*a.Bool)
	case a.Choice != "":
		return "Choice " + a.Choice
	}
	return "Text " + a.Text
}
