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

	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
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
// Vietnamese label, choice options, bounds, text limits, period kinds and conditions (an
// earlier yes_no or choice question asked in every period the dependent one is, and an
// answer that question can have).
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
	q.version = contentVersion(q.Sections)
	return &q, nil
}

func normalizeTexts(q *Questionnaire) {
	nfc := func(t *Text) {
		t.VI, t.EN = norm.NFC.String(t.VI), norm.NFC.String(t.EN)
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
		if s.Title.VI == "" {
			return fmt.Errorf("section %q: missing vi title", s.ID)
		}
		if len(s.Questions) == 0 {
			return fmt.Errorf("section %q: no questions", s.ID)
		}
		for qi := range s.Questions {
			qn := &s.Questions[qi]
			if err := checkID(qn.ID, seen); err != nil {
				return fmt.Errorf("section %q, question %d %q: %w", s.ID, qi+1, qn.ID, err)
			}
			if err := validateQuestion(qn, earlier, q); err != nil {
				return fmt.Errorf("question %q: %w", qn.ID, err)
			}
			earlier[qn.ID] = qn
		}
	}
	return nil
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
	if qn.Label.VI == "" {
		return errors.New("missing vi label")
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
	}
	if err := checkBounds(qn); err != nil {
		return err
	}
	if qn.MaxLen < 0 || qn.MaxLen > MaxTextLen {
		return fmt.Errorf("max_len %d is outside 1..%d (0 means %d)", qn.MaxLen, MaxTextLen, DefaultTextLen)
	}
	if qn.Type == TypeChoice {
		if err := checkOptions(qn.Options); err != nil {
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

func checkOptions(opts []Option) error {
	if len(opts) < 2 {
		return fmt.Errorf("choice needs at least 2 options, has %d", len(opts))
	}
	seen := map[string]bool{}
	for i, o := range opts {
		if err := checkID(o.ID, seen); err != nil {
			return fmt.Errorf("option %d %q: %w", i+1, o.ID, err)
		}
		if o.Label.VI == "" {
			return fmt.Errorf("option %q: missing vi label", o.ID)
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
	switch target.Type {
	case TypeYesNo:
		if c.Equals != "yes" && c.Equals != "no" {
			return fmt.Errorf("when %q equals %q: a yes_no answer is \"yes\" or \"no\"", c.Question, c.Equals)
		}
	case TypeChoice:
		if !slices.ContainsFunc(target.Options, func(o Option) bool { return o.ID == c.Equals }) {
			return fmt.Errorf("when %q equals %q: no such option", c.Question, c.Equals)
		}
	default:
		return fmt.Errorf("when points to %q, a %s question; only yes_no and choice can be conditions", c.Question, target.Type)
	}
	// A dependent question asked in a period where its condition is never asked could
	// never be shown there: that is a mistake in the file, not a rule to keep quiet.
	for _, k := range periodKinds {
		if qn.AskedIn(k) && !target.AskedIn(k) {
			return fmt.Errorf("asked in period %s but its condition %q is not", k, c.Question)
		}
	}
	return nil
}

// contentVersion hashes the JSON encoding of the sections. encoding/json writes struct
// fields in declaration order and the types omit empty fields, so the result depends only on
// the content, and a field added later with a zero value keeps existing versions.
func contentVersion(sections []Section) string {
	b, err := json.Marshal(sections)
	if err != nil {
		panic(fmt.Sprintf("domain: encode questionnaire: %v", err)) // plain structs always encode
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:12]
}
