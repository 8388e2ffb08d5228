package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// result is a reader's value and error, so a test can write try(s.User(ctx, id)).must(t).
type result[T any] struct {
	v   T
	err error
}

// try holds a call's two results.
func try[T any](v T, err error) result[T] { return result[T]{v, err} }

// must returns the value, failing the test when the call returned an error.
func (r result[T]) must(tb testing.TB) T {
	tb.Helper()
	if r.err != nil {
		tb.Fatalf("unexpected error: %v", r.err)
	}
	return r.v
}

// mustDo fails the test when err is not nil, naming what was done.
func mustDo(tb testing.TB, what string, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("%s: %v", what, err)
	}
}

// wantNotFound fails the test unless err is domain.ErrNotFound.
func wantNotFound(tb testing.TB, what string, err error) {
	tb.Helper()
	if !errors.Is(err, domain.ErrNotFound) {
		tb.Errorf("%s: err = %v, want domain.ErrNotFound", what, err)
	}
}

func i64(n int64) *int64 { return &n }
func boolp(b bool) *bool { return &b }

// ict is the district's time zone (Asia/Ho_Chi_Minh, fixed so no tzdata is needed): times
// given in it must come back as the same instant in UTC.
var ict = time.FixedZone("ICT", 7*3600)

// hostileTexts are texts a store must keep byte for byte: Vietnamese (NFC), operator and
// path look-alikes of MongoDB, SQL, JSON, HTML, emoji and Telegram's longest message.
var hostileTexts = map[string]string{
	"vietnamese": "Trường Mầm non Cẩm Điền: đề nghị hỗ trợ kinh phí, Phòng GDĐT ủng hộ.",
	"operator":   `{"$gt": ""}`,
	"set":        "$set",
	"path":       "answers.q1.by",
	"sql":        `'); DROP TABLE submissions; --`,
	"json":       `{"a":[1,"\u0000x"],"b":"\"quoted\"\\"}`,
	"html":       `<b>đậm</b> & <a href="tg://user?id=1">x</a>`,
	"emoji":      "👍🏽 Trẻ em 🇻🇳 vui chơi 🎉",
	"lines":      "dòng 1\ndòng 2\r\n\ttab",
	"long":       strings.Repeat("Ạ", 4096),
}

// everyAnswer returns one answer of every kind a report holds, keyed by question id, with
// By and At set: integers (zero, negative, the largest allowed), yes and no, every hostile
// text, a choice, a photo and a document, and a skipped question.
func everyAnswer(by int64, at time.Time) map[string]domain.Answer {
	out := map[string]domain.Answer{
		"int_zero":   {Int: i64(0)},
		"int_neg":    {Int: i64(-42)},
		"int_max":    {Int: i64(domain.MaxNumber)},
		"money":      {Int: i64(8_750_000)},
		"yes":        {Bool: boolp(true)},
		"no":         {Bool: boolp(false)},
		"choice":     {Choice: "in_person"},
		"photo":      {File: &domain.FileRef{FileID: "AgACAgUAAxkBAAIB42mZ3xQ1k7pTqEw9aHUCAAQ", Photo: true}},
		"document":   {File: &domain.FileRef{FileID: "BQACAgUAAxkBAAIC19mZ8kWr4Jm2ONGQwAC", Name: "Báo cáo 6 tháng.pdf", Size: 1_234_567}},
		"skipped":    {Skipped: true},
		"text_plain": {Text: "ổn"},
	}
	for k, v := range hostileTexts {
		out["text_"+k] = domain.Answer{Text: v}
	}
	for k, a := range out {
		a.By, a.At = by, at
		out[k] = a
	}
	return out
}

// answerString is an answer's value as the v1 backup's expect.json writes it.
func answerString(a domain.Answer) string {
	switch {
	case a.Skipped:
		return "skipped"
	case a.Int != nil:
		return fmt.Sprint(*a.Int)
	case a.Bool != nil && *a.Bool:
		return "yes"
	case a.Bool != nil:
		return "no"
	case a.File != nil:
		return a.File.FileID
	case a.Choice != "":
		return a.Choice
	}
	return a.Text
}

// sameAnswers reports the differences between two answer maps, values, By and At included.
func sameAnswers(tb testing.TB, what string, got, want map[string]domain.Answer) {
	tb.Helper()
	same(tb, what, got, want)
}

// same fails the test, listing the differing fields, unless got and want hold the same
// values: times as the same instant to the millisecond (every engine keeps at least that),
// a nil map or slice as an empty one.
func same(tb testing.TB, what string, got, want any) {
	tb.Helper()
	var diffs []string
	diff("", canon(reflect.ValueOf(got)), canon(reflect.ValueOf(want)), &diffs)
	if len(diffs) > 0 {
		if len(diffs) > 12 {
			diffs = append(diffs[:12], fmt.Sprintf("… and %d more", len(diffs)-12))
		}
		tb.Errorf("%s differs:\n  %s", what, strings.Join(diffs, "\n  "))
	}
}

var timeType = reflect.TypeFor[time.Time]()

// canon turns a value into a tree of maps, slices and scalars that compares with
// reflect.DeepEqual the way same documents.
func canon(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	if v.Type() == timeType {
		t := v.Interface().(time.Time)
		if t.IsZero() {
			return "time(zero)"
		}
		return "time(" + t.UTC().Truncate(time.Millisecond).Format(time.RFC3339Nano) + ")"
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return canon(v.Elem())
	case reflect.Struct:
		m := map[string]any{}
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				m[f.Name] = canon(v.Field(i))
			}
		}
		return m
	case reflect.Map:
		m := map[string]any{}
		for it := v.MapRange(); it.Next(); {
			m[fmt.Sprint(it.Key().Interface())] = canon(it.Value())
		}
		return m
	case reflect.Slice, reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = canon(v.Index(i))
		}
		return out
	}
	return v.Interface()
}

// diff appends to out the paths where the canonical trees a (got) and b (want) differ.
func diff(path string, a, b any, out *[]string) {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		keys := map[string]bool{}
		for k := range am {
			keys[k] = true
		}
		for k := range bm {
			keys[k] = true
		}
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			diff(path+"."+k, am[k], bm[k], out)
		}
		return
	}
	as, aok := a.([]any)
	bs, bok := b.([]any)
	if aok && bok && len(as) == len(bs) {
		for i := range as {
			diff(fmt.Sprintf("%s[%d]", path, i), as[i], bs[i], out)
		}
		return
	}
	if !reflect.DeepEqual(a, b) {
		*out = append(*out, fmt.Sprintf("%s: got %s, want %s", strings.TrimPrefix(path, "."), short(a), short(b)))
	}
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 160 {
		return string(b[:160]) + "…"
	}
	return string(b)
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// wantUTC fails the test unless t is in UTC.
func wantUTC(tb testing.TB, what string, t time.Time) {
	tb.Helper()
	if t.Location() != time.UTC {
		tb.Errorf("%s = %v is not in UTC", what, t)
	}
}
