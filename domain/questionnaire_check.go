package domain

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Severity says what a failed check does in the conversation.
type Severity string

// Severities, spelled as in the questionnaire YAML.
const (
	// SeverityError refuses the answer: the engine asks again (or lets the reporter correct
	// one of the questions the check reads).
	SeverityError Severity = "error"
	// SeverityWarning keeps the answer once the reporter confirms it or explains it; the
	// explanation goes to Answer.Note and the officer sees it.
	SeverityWarning Severity = "warning"
)

// Locale ids of the default check messages. A check may name its own under check.*.
const (
	msgCheckRequire = "check.require" // {{.Left}} {{.Right}}
	msgCheckChange  = "check.change"  // {{.Current}} {{.Previous}}
)

// Check is a rule across answers, from the questionnaire's checks list. Exactly one of
// Require and Change is set:
//
//   - Require is a comparison of two sums, "left op right": op is one of <= >= < > == !=,
//     each side a sum (+) of terms, a term a whole number, an integer or money question id,
//     or a number times an id ("gifts_value >= 20000 * gifts_count"). A question the school
//     is not asked (other level or period, condition not met) counts as 0; while a question
//     it is asked has no answer, or a skipped one, the check waits.
//   - Change compares a question's answer with the school's answer in the previous period
//     (given to Check): it fails when one is more than MaxRatio times the other, unless
//     both are below IgnoreBelow.
//
// When, if set, limits the check to drafts where that condition holds ("incidents = yes ⇒
// the children counted > 0"). Message is the locale id shown (under check.*); empty means
// check.require or check.change. Severity is error or warning.
type Check struct {
	ID       string     `yaml:"id" json:"id"`
	Severity Severity   `yaml:"severity" json:"severity"`
	When     *Condition `yaml:"when" json:"when,omitempty"`
	Require  string     `yaml:"require" json:"require,omitempty"`
	Change   *Change    `yaml:"change" json:"change,omitempty"`
	Message  string     `yaml:"message" json:"message,omitempty"`
	expr     *comparison
}

// Change is a check against the previous period: Question's answer now and then differ by
// more than MaxRatio times (greater than 1). IgnoreBelow leaves small numbers alone: the
// check passes while both answers are below it (0 compares everything; going from 0 to
// anything at or above IgnoreBelow fails).
type Change struct {
	Question    string  `yaml:"question" json:"question"`
	MaxRatio    float64 `yaml:"max_ratio" json:"max_ratio"`
	IgnoreBelow int64   `yaml:"ignore_below" json:"ignore_below,omitempty"`
}

// term is coef × the answer to id, or the constant coef when id is "".
type term struct {
	coef int64
	id   string
}

// comparison is a parsed Require.
type comparison struct {
	left, right []term
	op          string
}

var (
	checkMsgRE = regexp.MustCompile(`^check\.[a-z0-9_]+(\.[a-z0-9_]+)*$`)
	exprTokRE  = regexp.MustCompile(`^\s*(<=|>=|==|!=|<|>|\+|\*|[0-9]+|[a-z][a-z0-9_]*)`)
	compareOps = map[string]bool{"<=": true, ">=": true, "==": true, "!=": true, "<": true, ">": true}
)

// parseComparison reads "sum op sum".
func parseComparison(s string) (*comparison, error) {
	var toks []string
	for rest := s; strings.TrimSpace(rest) != ""; {
		m := exprTokRE.FindStringSubmatch(rest)
		if m == nil {
			return nil, fmt.Errorf("cannot read %q", strings.TrimSpace(rest))
		}
		toks, rest = append(toks, m[1]), rest[len(m[0]):]
	}
	c := &comparison{}
	i := 0
	sum := func() ([]term, error) {
		var out []term
		for {
			t, err := readTerm(toks, &i)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
			if i >= len(toks) || toks[i] != "+" {
				return out, nil
			}
			i++
		}
	}
	var err error
	if c.left, err = sum(); err != nil {
		return nil, err
	}
	if i >= len(toks) || !compareOps[toks[i]] {
		return nil, errors.New("want a comparison: <=, >=, <, >, == or !=")
	}
	c.op = toks[i]
	i++
	if c.right, err = sum(); err != nil {
		return nil, err
	}
	if i < len(toks) {
		return nil, fmt.Errorf("unexpected %q", toks[i])
	}
	return c, nil
}

func readTerm(toks []string, i *int) (term, error) {
	if *i >= len(toks) {
		return term{}, errors.New("a term is missing at the end")
	}
	tok := toks[*i]
	*i++
	if tok[0] >= 'a' && tok[0] <= 'z' {
		return term{coef: 1, id: tok}, nil
	}
	if tok[0] < '0' || tok[0] > '9' {
		return term{}, fmt.Errorf("want a number or a question id, not %q", tok)
	}
	n, err := strconv.ParseInt(tok, 10, 64)
	if err != nil || n > MaxNumber {
		return term{}, fmt.Errorf("number %s is beyond %d", tok, MaxNumber)
	}
	if *i < len(toks) && toks[*i] == "*" {
		if *i+1 >= len(toks) || toks[*i+1][0] < 'a' || toks[*i+1][0] > 'z' {
			return term{}, fmt.Errorf("%s * must be followed by a question id", tok)
		}
		*i += 2
		return term{coef: n, id: toks[*i-1]}, nil
	}
	return term{coef: n}, nil
}

// refs returns the question ids the check reads, in the order written.
func (c *Check) refs() []string {
	var out []string
	if c.When != nil {
		out = append(out, c.When.Question)
	}
	if expr := c.comparison(); expr != nil {
		for _, t := range append(append([]term(nil), expr.left...), expr.right...) {
			if t.id != "" {
				out = append(out, t.id)
			}
		}
	}
	if c.Change != nil {
		out = append(out, c.Change.Question)
	}
	return out
}

// comparison returns the parsed Require: parsed at load, or now for a hand-built check
// (nil when it does not parse or the check has none).
func (c *Check) comparison() *comparison {
	if c.expr != nil || c.Require == "" {
		return c.expr
	}
	expr, _ := parseComparison(c.Require)
	return expr
}

// msgID is the locale id of the check's message.
func (c *Check) msgID() string {
	switch {
	case c.Message != "":
		return c.Message
	case c.Change != nil:
		return msgCheckChange
	}
	return msgCheckRequire
}

// validateChecks parses every check's Require and refuses unknown or mistyped ids.
func validateChecks(q *Questionnaire) error {
	seen := map[string]bool{}
	for i := range q.Checks {
		c := &q.Checks[i]
		if err := checkID(c.ID, seen); err != nil {
			return fmt.Errorf("check %d %q: %w", i+1, c.ID, err)
		}
		if err := validateCheck(c, q); err != nil {
			return fmt.Errorf("check %q: %w", c.ID, err)
		}
	}
	return nil
}

func validateCheck(c *Check, q *Questionnaire) error {
	switch {
	case c.Severity != SeverityError && c.Severity != SeverityWarning:
		return fmt.Errorf("severity %q is neither error nor warning", c.Severity)
	case (c.Require == "") == (c.Change == nil):
		return errors.New("set exactly one of require and change")
	case c.Message != "" && !checkMsgRE.MatchString(c.Message):
		return fmt.Errorf("message %q is not a locale id under check.", c.Message)
	}
	if c.When != nil {
		target, ok := q.Question(c.When.Question)
		if !ok {
			return fmt.Errorf("when points to %q, which does not exist", c.When.Question)
		}
		if err := checkConditionValue(c.When, target); err != nil {
			return err
		}
	}
	if c.Change != nil {
		if c.Change.MaxRatio <= 1 {
			return fmt.Errorf("change %q: max_ratio %v must be greater than 1", c.Change.Question, c.Change.MaxRatio)
		}
		if c.Change.IgnoreBelow < 0 {
			return fmt.Errorf("change %q: ignore_below %d is negative", c.Change.Question, c.Change.IgnoreBelow)
		}
		return numericRef(q, "change", c.Change.Question)
	}
	expr, err := parseComparison(c.Require)
	if err != nil {
		return fmt.Errorf("require %q: %w", c.Require, err)
	}
	c.expr = expr
	ids := 0
	for _, t := range append(append([]term(nil), expr.left...), expr.right...) {
		if t.id == "" {
			continue
		}
		ids++
		if err := numericRef(q, "require", t.id); err != nil {
			return err
		}
	}
	if ids == 0 {
		return fmt.Errorf("require %q names no question", c.Require)
	}
	return nil
}

func numericRef(q *Questionnaire, what, id string) error {
	qn, ok := q.Question(id)
	switch {
	case !ok:
		return fmt.Errorf("%s names %q, which does not exist", what, id)
	case qn.Type != TypeInteger && qn.Type != TypeMoney:
		return fmt.Errorf("%s names %q, a %s question; only integer and money can be compared", what, id, qn.Type)
	}
	return nil
}
