package domain

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// idRE is the shape of section, question and option ids. Question ids become MongoDB field
// names, so '.' and '$' must never get in.
var idRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// periodKinds are the kinds a question's periods may name; a question without periods is
// asked in all of them.
var periodKinds = []PeriodKind{KindH1, KindYear, KindOneOff}

// ParseQuestionnaire decodes and validates a questionnaire written in YAML. Decoding is
// strict: unknown fields and a second document are errors. Every text is normalised to NFC.
// The error names the section or question at fault, for example
// `question "gifts_value": when points to "gifts_given", which comes later`. It checks ids
// (unique across sections and questions, matching ^[a-z][a-z0-9_]{0,39}$), types, the
// Vietnamese label, choice options, bounds, text and file limits, period kinds, levels
// (MN, TH, THCS; per-level wording only for levels the question is asked at), conditions
// (an earlier question asked in every period and at every level the dependent one is: a
// yes_no or choice one with an answer it can have, or an integer or money one compared
// with above) and checks (see Check).
func ParseQuestionnaire(data []byte) (*Questionnaire, error) {
	var q Questionnaire
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&q); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("questionnaire: empty document")
		}
		return nil, fmt.Errorf("questionnaire: %w", err)
	}
	if err := dec.Decode(new(any)); !errors.Is(err, io.EOF) {
		return nil, errors.New("questionnaire: more than one YAML document")
	}
	normalizeTexts(&q)
	if err := validateQuestionnaire(&q); err != nil {
		return nil, fmt.Errorf("questionnaire: %w", err)
	}
	q.version = contentVersion(&q)
	return &q, nil
}

func normalizeTexts(q *Questionnaire) {
	var nfc func(t *Text)
	nfc = func(t *Text) {
		t.VI, t.EN = norm.NFC.String(t.VI), norm.NFC.String(t.EN)
		for l, w := range t.ByLevel {
			nfc(&w)
			t.ByLevel[l] = w
		}
	}
	for si := range q.Sections {
		s := &q.Sections[si]
		nfc(&s.Title)
		for qi := range s.Questions {
			qn := &s.Questions[qi]
			nfc(&qn.Label)
			nfc(&qn.Hint)
			for oi := range qn.Options {
				nfc(&qn.Options[oi].Label)
			}
		}
	}
}

func validateQuestionnaire(q *Questionnaire) error {
	if len(q.Sections) == 0 {
		return errors.New("no sections")
	}
	seen := map[string]bool{} // ids of sections and questions so far
	earlier := map[string]*Question{}
	for si := range q.Sections {
		s := &q.Sections[si]
		if err := checkID(s.ID, seen); err != nil {
			return fmt.Errorf("section %d %q: %w", si+1, s.ID, err)
		}
		if err := checkText("title", s.Title, s.Levels); err != nil {
			return fmt.Errorf("section %q: %w", s.ID, err)
		}
		if len(s.Questions) == 0 {
			return fmt.Errorf("section %q: no questions", s.ID)
		}
		if err := checkLevels(s.Levels); err != nil {
			return fmt.Errorf("section %q: %w", s.ID, err)
		}
		for qi := range s.Questions {
			qn := &s.Questions[qi]
			if err := checkID(qn.ID, seen); err != nil {
				return fmt.Errorf("section %q, question %d %q: %w", s.ID, qi+1, qn.ID, err)
			}
			if err := setLevels(qn, s.Levels); err != nil {
				return fmt.Errorf("question %q: %w", qn.ID, err)
			}
			if err := validateQuestion(qn, earlier, q); err != nil {
				return fmt.Errorf("question %q: %w", qn.ID, err)
			}
			earlier[qn.ID] = qn
		}
	}
	return validateChecks(q)
}

func checkID(id string, seen map[string]bool) error {
	switch {
	case !idRE.MatchString(id):
		return fmt.Errorf("id must match %s", idRE)
	case seen[id]:
		return errors.New("duplicate id")
	}
	seen[id] = true
	return nil
}

func validateQuestion(qn *Question, earlier map[string]*Question, q *Questionnaire) error {
	if err := checkText("label", qn.Label, qn.levels); err != nil {
		return err
	}
	if qn.Hint.VI == "" && (qn.Hint.EN != "" || qn.Hint.ByLevel != nil) {
		return errors.New("hint: missing vi hint")
	}
	if err := checkText("hint", qn.Hint, qn.levels); qn.Hint.VI != "" && err != nil {
		return err
	}
	switch qn.Type {
	case TypeInteger, TypeMoney, TypeYesNo, TypeChoice, TypeText, TypeFile:
	case "":
		return errors.New("missing type")
	default:
		return fmt.Errorf("unknown type %q", qn.Type)
	}
	numeric := qn.Type == TypeInteger || qn.Type == TypeMoney
	switch {
	case !numeric && (qn.Min != nil || qn.Max != nil):
		return fmt.Errorf("min and max apply only to integer and money, not %s", qn.Type)
	case qn.Type != TypeText && qn.MaxLen != 0:
		return fmt.Errorf("max_len applies only to text, not %s", qn.Type)
	case qn.Type != TypeChoice && len(qn.Options) > 0:
		return fmt.Errorf("options apply only to choice, not %s", qn.Type)
	case qn.Type != TypeFile && qn.MaxFiles != 0:
		return fmt.Errorf("max_files applies only to file, not %s", qn.Type)
	case qn.Coverage != nil && (qn.Type == TypeText || qn.Type == TypeFile):
		return fmt.Errorf("coverage applies to numbers and yes_no or choice questions about the period, not %s", qn.Type)
	case qn.MaxFiles < 0 || qn.MaxFiles > MaxMaxFiles:
		return fmt.Errorf("max_files %d is outside 1..%d (0 means %d)", qn.MaxFiles, MaxMaxFiles, DefaultMaxFiles)
	}
	if err := checkBounds(qn); err != nil {
		return err
	}
	if qn.MaxLen < 0 || qn.MaxLen > MaxTextLen {
		return fmt.Errorf("max_len %d is outside 1..%d (0 means %d)", qn.MaxLen, MaxTextLen, DefaultTextLen)
	}
	if qn.Type == TypeChoice {
		if err := checkOptions(qn.Options, qn.levels); err != nil {
			return err
		}
	}
	for i, k := range qn.Periods {
		if !slices.Contains(periodKinds, k) {
			return fmt.Errorf("unknown period kind %q (want one of %v)", k, periodKinds)
		}
		if slices.Contains(qn.Periods[:i], k) {
			return fmt.Errorf("period kind %q listed twice", k)
		}
	}
	if qn.When != nil {
		return checkCondition(qn, earlier, q)
	}
	return nil
}

func checkBounds(qn *Question) error {
	for _, b := range []*int64{qn.Min, qn.Max} {
		if b != nil && (*b > MaxNumber || *b < -MaxNumber) {
			return fmt.Errorf("bound %d is beyond ±%d", *b, MaxNumber)
		}
	}
	if qn.Min != nil && qn.Max != nil && *qn.Min > *qn.Max {
		return fmt.Errorf("min %d is greater than max %d", *qn.Min, *qn.Max)
	}
	return nil
}

func checkOptions(opts []Option, asked []Level) error {
	if len(opts) < 2 {
		return fmt.Errorf("choice needs at least 2 options, has %d", len(opts))
	}
	seen := map[string]bool{}
	for i, o := range opts {
		if err := checkID(o.ID, seen); err != nil {
			return fmt.Errorf("option %d %q: %w", i+1, o.ID, err)
		}
		if err := checkText("label", o.Label, asked); err != nil {
			return fmt.Errorf("option %q: %w", o.ID, err)
		}
	}
	return nil
}

func checkCondition(qn *Question, earlier map[string]*Question, q *Questionnaire) error {
	c := qn.When
	target, ok := earlier[c.Question]
	if !ok {
		if c.Question == qn.ID {
			return errors.New("when points to the question itself")
		}
		if _, later := q.Question(c.Question); later {
			return fmt.Errorf("when points to %q, which comes later", c.Question)
		}
		return fmt.Errorf("when points to %q, which does not exist", c.Question)
	}
	if err := checkConditionValue(c, target); err != nil {
		return err
	}
	// A dependent question asked in a period where its condition is never asked could
	// never be shown there: that is a mistake in the file, not a rule to keep quiet.
	for _, k := range periodKinds {
		if qn.AskedIn(k) && !target.AskedIn(k) {
			return fmt.Errorf("asked in period %s but its condition %q is not", k, c.Question)
		}
	}
	for _, l := range Levels {
		if qn.AskedAt(l) && !target.AskedAt(l) {
			return fmt.Errorf("asked at level %s but its condition %q is not", l, c.Question)
		}
	}
	return nil
}

// checkConditionValue checks that the condition's value is one the target can have.
func checkConditionValue(c *Condition, target *Question) error {
	numeric := target.Type == TypeInteger || target.Type == TypeMoney
	switch {
	case c.Above != nil && c.Equals != "":
		return fmt.Errorf("when %q: set equals or above, not both", c.Question)
	case c.Above != nil && !numeric:
		return fmt.Errorf("when %q above %d: above compares integer and money answers, not %s", c.Question, *c.Above, target.Type)
	case c.Above != nil:
		return nil
	}
	switch target.Type {
	case TypeYesNo:
		if c.Equals != "yes" && c.Equals != "no" {
			return fmt.Errorf("when %q equals %q: a yes_no answer is \"yes\" or \"no\"", c.Question, c.Equals)
		}
	case TypeChoice:
		if !slices.ContainsFunc(target.Options, func(o Option) bool { return o.ID == c.Equals }) {
			return fmt.Errorf("when %q equals %q: no such option", c.Question, c.Equals)
		}
	case TypeInteger, TypeMoney:
		return fmt.Errorf("when %q: an integer or money condition needs above, not equals", c.Question)
	default:
		return fmt.Errorf("when points to %q, a %s question; only yes_no, choice, integer and money can be conditions", c.Question, target.Type)
	}
	return nil
}

// contentVersion hashes the JSON encoding of the sections, and of the checks when there are
// any. encoding/json writes struct fields in declaration order, map keys sorted, and the
// types omit empty fields, so the result depends only on the content, and a field added
// later with a zero value (checks included) keeps existing versions.
func contentVersion(q *Questionnaire) string {
	var v any = q.Sections
	if len(q.Checks) > 0 {
		v = struct {
			Sections []Section `json:"sections"`
			Checks   []Check   `json:"checks"`
		}{q.Sections, q.Checks}
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("domain: encode questionnaire: %v", err)) // plain structs always encode
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:12]
}
