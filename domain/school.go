package domain

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Level is a school's education level. A combined primary and lower-secondary school
// (TH-THCS) counts for both TH and THCS in broadcasts and group filters.
type Level string

// The levels of the district's schools.
const (
	LevelMN     Level = "MN"      // mầm non, kindergarten
	LevelTH     Level = "TH"      // tiểu học, primary
	LevelTHCS   Level = "THCS"    // trung học cơ sở, lower secondary
	LevelTHTHCS Level = "TH-THCS" // liên cấp tiểu học và THCS
)

// Levels lists every level in the order reports show them.
var Levels = []Level{LevelMN, LevelTH, LevelTHCS, LevelTHTHCS}

// ParseLevel reads a level case-insensitively ("thcs", "TH-THCS", "th_thcs").
// It returns ErrUnknownLevel for anything else.
func ParseLevel(s string) (Level, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, "_", "-")
	for _, l := range Levels {
		if string(l) == s {
			return l, nil
		}
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownLevel, s)
}

// Covers reports whether a school of level l belongs to a broadcast filtered on level f.
// An empty filter covers every level.
func (l Level) Covers(f Level) bool {
	switch {
	case f == "" || l == f:
		return true
	case l == LevelTHTHCS:
		return f == LevelTH || f == LevelTHCS
	}
	return false
}

// School is a registered school. Code is its natural key and never changes.
type School struct {
	Code    string    `bson:"_id" json:"code"`
	Name    string    `bson:"name" json:"name"` // NFC, with diacritics
	Level   Level     `bson:"level" json:"level"`
	Commune string    `bson:"commune" json:"commune"`
	Phones  []string  `bson:"phones,omitempty" json:"phones,omitempty"` // normalised, see NormalizePhone
	Active  bool      `bson:"active" json:"active"`
	Created time.Time `bson:"created" json:"created"`
	Updated time.Time `bson:"updated" json:"updated"`
}

var schoolCodeRE = regexp.MustCompile(`^[A-Z0-9][A-Z0-9_-]{1,39}$`)

// NormalizeSchoolCode upper-cases and trims a school code and checks that it is 2-40
// characters of A-Z, 0-9, '-' and '_'. It returns ErrBadSchoolCode otherwise.
func NormalizeSchoolCode(s string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(s))
	if !schoolCodeRE.MatchString(c) {
		return "", fmt.Errorf("%w: %q", ErrBadSchoolCode, s)
	}
	return c, nil
}

// NormalizePhone reduces a Vietnamese phone number to its national form "0912345678".
// "+84 912 345 678", "84912345678" and "0912.345.678" are the same number.
// It returns "" when s does not hold 9 to 11 digits.
func NormalizePhone(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "84") && len(d) >= 11:
		d = "0" + d[2:]
	case !strings.HasPrefix(d, "0") && len(d) == 9:
		d = "0" + d
	}
	if len(d) < 10 || len(d) > 11 {
		return ""
	}
	return d
}
