package sqlite

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// Times are stored as Unix milliseconds, UTC; the zero time is NULL. Values read back are
// UTC and whole milliseconds, as MongoDB returns them, so both engines answer alike.

// ms is the column value of t.
func ms(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// msTime is t as the store keeps it: UTC, whole milliseconds.
func msTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return time.UnixMilli(t.UnixMilli()).UTC()
}

// timeCol scans a millisecond column into a time.Time (NULL: the zero time).
type timeCol struct{ t *time.Time }

func at(t *time.Time) timeCol { return timeCol{t} }

func (c timeCol) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*c.t = time.Time{}
	case int64:
		*c.t = time.UnixMilli(v).UTC()
	default:
		return fmt.Errorf("time column holds %T", v)
	}
	return nil
}

// jsonCol scans a JSON text column into v (NULL leaves v as it is).
type jsonCol struct{ v any }

func jsonOf(v any) jsonCol { return jsonCol{v} }

func (c jsonCol) Scan(src any) error {
	switch src := src.(type) {
	case nil:
		return nil
	case string:
		return json.Unmarshal([]byte(src), c.v)
	case []byte:
		return json.Unmarshal(src, c.v)
	}
	return fmt.Errorf("JSON column holds %T", src)
}

// docCol scans a doc column into the struct v points to: a doc with no fields (most of
// them) is not decoded at all.
type docCol struct{ v any }

func docOf(v any) docCol { return docCol{v} }

func (c docCol) Scan(src any) error {
	if s, ok := src.(string); ok && s == "{}" {
		return nil
	}
	return jsonCol(c).Scan(src)
}

// jsonText is v as JSON text for a column.
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode %T: %w", v, err)
	}
	return string(b), nil
}

// answersText is the JSON of a map of answers, their times as stored.
func answersText(answers map[string]domain.Answer) (string, error) {
	if len(answers) == 0 {
		return "{}", nil
	}
	norm := make(map[string]domain.Answer, len(answers))
	for id, a := range answers {
		a.At = msTime(a.At)
		norm[id] = a
	}
	return jsonText(norm)
}

// safeKey reports whether k may be a question id or school code inside a JSON path (and a
// MongoDB field name, so both engines accept the same keys): not empty, no '.', '$', '"',
// '\' or NUL.
func safeKey(k string) bool {
	return k != "" && !strings.ContainsAny(k, ".$\"\\\x00")
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// restDoc is the JSON of v without the keys that have columns: the doc column, where a
// field added to a domain type is kept until it needs a column of its own. Read it back by
// scanning doc into the same value as the columns (docOf).
func restDoc(v any, columnKeys map[string]bool) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode %T: %w", v, err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return "", fmt.Errorf("encode %T: %w", v, err)
	}
	for k := range m {
		if columnKeys[k] {
			delete(m, k)
		}
	}
	if len(m) == 0 {
		return "{}", nil
	}
	return jsonText(m)
}

// keys is a set of JSON keys.
func keys(ks ...string) map[string]bool {
	out := make(map[string]bool, len(ks))
	for _, k := range ks {
		out[k] = true
	}
	return out
}
