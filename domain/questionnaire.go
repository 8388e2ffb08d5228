package domain

import (
	_ "embed"
	"fmt"
)

// QuestionType says what kind of answer a question takes and so how the engine asks it.
type QuestionType string

// Question types, spelled as in the questionnaire YAML.
const (
	TypeInteger QuestionType = "integer" // a whole number, optionally bounded by Min and Max
	TypeMoney   QuestionType = "money"   // an amount in đồng, a whole number
	TypeYesNo   QuestionType = "yes_no"  // Có / Không
	TypeChoice  QuestionType = "choice"  // one of Options
	TypeText    QuestionType = "text"    // free text up to MaxLen runes
	TypeFile    QuestionType = "file"    // a photo or a document
)

// Text limits and the number range, in the units the question types use.
const (
	// DefaultTextLen is a text question's limit in runes when its MaxLen is 0.
	DefaultTextLen = 2000
	// MaxTextLen is the highest MaxLen a questionnaire may set: a longer answer would not fit
	// one Telegram message together with its question.
	MaxTextLen = 3500
	// MaxNumber bounds every integer and money answer in absolute value (10^15 đồng).
	MaxNumber int64 = 1_000_000_000_000_000
)

// Questionnaire is the report's list of questions, grouped in sections, and the checks
// across them. It is data: the district edits questionnaire_default.yaml and the
// conversation engine walks the result through a View of one school level and period kind.
// Build it with ParseQuestionnaire; treat it as read-only afterwards, since Version is
// computed once from its content.
type Questionnaire struct {
	Sections []Section `yaml:"sections" json:"sections"`
	Checks   []Check   `yaml:"checks" json:"checks,omitempty"`
	version  string
}

// Section is a titled group of questions, shown as a heading during the conversation and in
// the review. Levels, when set, limits every question of the section to those school levels.
type Section struct {
	ID        string     `yaml:"id" json:"id"`
	Title     Text       `yaml:"title" json:"title"`
	Levels    []Level    `yaml:"levels" json:"levels,omitempty"`
	Questions []Question `yaml:"questions" json:"questions"`
}

// Question is one question. ID is the answer's key (a MongoDB field name) and never
// changes meaning once a period used it. Min and Max apply to integer and money questions
// (nil means unbounded, but never beyond ±MaxNumber, and negatives are refused unless Min
// is negative); MaxLen to text questions (see TextLimit); MaxFiles to file questions (see
// FileLimit); Options to choice questions. Periods lists the period kinds the question is
// asked in (empty means every kind); Levels the school levels (MN, TH, THCS; empty means
// every level; a TH-THCS school gets the questions of TH and of THCS). When, if set, asks
// the question only when an earlier question got a given answer. Coverage says whether the
// hint states the dates the period's numbers cover (see ShowsCoverage): integer and money
// questions do unless it is false (a stock counted on the day: "children with disabilities
// enrolled"), other types only when it is true ("was any child harmed?").
type Question struct {
	ID       string       `yaml:"id" json:"id"`
	Type     QuestionType `yaml:"type" json:"type"`
	Required bool         `yaml:"required" json:"required,omitempty"`
	Label    Text         `yaml:"label" json:"label"`
	Hint     Text         `yaml:"hint" json:"hint,omitzero"`
	Min      *int64       `yaml:"min" json:"min,omitempty"`
	Max      *int64       `yaml:"max" json:"max,omitempty"`
	MaxLen   int          `yaml:"max_len" json:"max_len,omitempty"`
	MaxFiles int          `yaml:"max_files" json:"max_files,omitempty"`
	Options  []Option     `yaml:"options" json:"options,omitempty"`
	Periods  []PeriodKind `yaml:"periods" json:"periods,omitempty"`
	Levels   []Level      `yaml:"levels" json:"levels,omitempty"`
	When     *Condition   `yaml:"when" json:"when,omitempty"`
	Coverage *bool        `yaml:"coverage" json:"coverage,omitempty"`
	// levels is the effective level list: the section's and the question's, intersected at
	// parse time. Nil means every level.
	levels []Level
}

// Option is one answer of a choice question. ID is what the answer stores (and what a
// button's callback data carries); Label is what the reporter reads.
type Option struct {
	ID    string `yaml:"id" json:"id"`
	Label Text   `yaml:"label" json:"label"`
}

// Condition makes a question depend on an earlier one. With Equals it holds when the
// answer to Question is Equals ("yes" or "no" for a yes_no question, an option id for a
// choice question); with Above, when the integer or money answer to Question is greater
// than Above ("ask how many were supported only when there are children with
// disabilities"). Exactly one of the two is set.
type Condition struct {
	Question string `yaml:"question" json:"question"`
	Equals   string `yaml:"equals" json:"equals,omitempty"`
	Above    *int64 `yaml:"above" json:"above,omitempty"`
}

// Text is a piece of questionnaire text in Vietnamese and, optionally, English. VI is
// required; it is NFC after ParseQuestionnaire. ByLevel holds other wording for some school
// levels, e.g. a kindergarten's "trẻ" where the others read "học sinh"; its entries have
// no ByLevel of their own. Use For to pick the wording of a level and In for a language.
type Text struct {
	VI      string         `yaml:"vi" json:"vi,omitempty"`
	EN      string         `yaml:"en" json:"en,omitempty"`
	ByLevel map[Level]Text `yaml:"by_level" json:"by_level,omitempty"`
}

// In returns the text in lang ("vi" or "en"), falling back to Vietnamese when the English
// text is missing or the language is unknown. It reads the default wording; call For first
// for a school's level.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.VI
}

// For returns the wording for schools of level l: ByLevel[l] where it has one (a language
// it leaves empty keeps the default), for a TH-THCS school the THCS and then the TH
// wording, else the default. The empty level (a view over every school) gets the default.
func (t Text) For(l Level) Text {
	keys := []Level{l}
	if l == LevelTHTHCS {
		keys = append(keys, LevelTHCS, LevelTH)
	}
	for _, k := range keys {
		if w, ok := t.ByLevel[k]; ok && l != "" {
			out := Text{VI: t.VI, EN: t.EN}
			if w.VI != "" {
				out.VI = w.VI
			}
			if w.EN != "" {
				out.EN = w.EN
			}
			return out
		}
	}
	return Text{VI: t.VI, EN: t.EN}
}

// TextLimit returns the longest text answer the question accepts, in runes: MaxLen, or
// DefaultTextLen when MaxLen is 0, never more than MaxTextLen.
func (qn *Question) TextLimit() int {
	switch {
	case qn.MaxLen <= 0:
		return DefaultTextLen
	case qn.MaxLen > MaxTextLen:
		return MaxTextLen
	}
	return qn.MaxLen
}

// DefaultMaxFiles is a file question's limit when its MaxFiles is 0; MaxMaxFiles is the
// highest MaxFiles a questionnaire may set (a Telegram album holds 10, a report rarely more
// than a few pages).
const (
	DefaultMaxFiles = 10
	MaxMaxFiles     = 30
)

// FileLimit returns how many files a file question keeps: MaxFiles, or DefaultMaxFiles
// when it is 0.
func (qn *Question) FileLimit() int {
	if qn.MaxFiles <= 0 {
		return DefaultMaxFiles
	}
	return min(qn.MaxFiles, MaxMaxFiles)
}

// ShowsCoverage reports whether the question's hint states the dates the period's numbers
// cover: an integer or money question unless its Coverage is false, any other only when
// its Coverage is true.
func (qn *Question) ShowsCoverage() bool {
	if qn.Coverage != nil {
		return *qn.Coverage
	}
	return qn.Type == TypeInteger || qn.Type == TypeMoney
}

// AskedIn reports whether the question belongs to periods of the given kind, whatever the
// answers: its Periods is empty or lists kind.
func (qn *Question) AskedIn(kind PeriodKind) bool {
	if len(qn.Periods) == 0 {
		return true
	}
	for _, k := range qn.Periods {
		if k == kind {
			return true
		}
	}
	return false
}

// Version identifies the questionnaire's content: the first 12 hex digits of the SHA-256 of
// its canonical encoding. Reformatting or commenting the YAML keeps it; changing any id,
// text, bound, option, period, level, condition or check changes it. Periods pin it when
// they open.
func (q *Questionnaire) Version() string {
	if q.version == "" {
		return contentVersion(q)
	}
	return q.version
}

// Question returns the question with the given id, in any period.
func (q *Questionnaire) Question(id string) (*Question, bool) {
	for si := range q.Sections {
		for qi := range q.Sections[si].Questions {
			if qn := &q.Sections[si].Questions[qi]; qn.ID == id {
				return qn, true
			}
		}
	}
	return nil, false
}

// SectionOf returns the section that holds the question id, or nil when there is none.
func (q *Questionnaire) SectionOf(id string) *Section {
	for si := range q.Sections {
		for _, qn := range q.Sections[si].Questions {
			if qn.ID == id {
				return &q.Sections[si]
			}
		}
	}
	return nil
}

//go:embed questionnaire_default.yaml
var defaultQuestionnaireYAML []byte

// DefaultQuestionnaire returns a fresh copy of the district's questionnaire embedded from
// questionnaire_default.yaml. It panics if that file is invalid, which a test rules out.
func DefaultQuestionnaire() *Questionnaire {
	q, err := ParseQuestionnaire(defaultQuestionnaireYAML)
	if err != nil {
		panic(fmt.Sprintf("domain: embedded questionnaire_default.yaml: %v", err))
	}
	return q
}
