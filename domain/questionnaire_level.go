package domain

import (
	"fmt"
	"maps"
	"slices"
)

// questionLevels are the levels a section's or question's levels may name: a TH-THCS
// school gets the union of TH and THCS, so listing it would say nothing more. by_level
// wording may also name TH-THCS.
var questionLevels = []Level{LevelMN, LevelTH, LevelTHCS}

// AskedAt reports whether schools of level l get the question, whatever the answers: its
// section and the question list no levels, or one of them covers l (a TH-THCS school
// takes the TH and the THCS questions). The empty level, a view over every school, gets
// every question.
func (qn *Question) AskedAt(l Level) bool {
	return levelIn(l, qn.effectiveLevels())
}

func (qn *Question) effectiveLevels() []Level {
	if qn.levels != nil {
		return qn.levels
	}
	return qn.Levels // a hand-built question: its own list
}

func levelIn(l Level, list []Level) bool {
	if l == "" || len(list) == 0 {
		return true
	}
	for _, f := range list {
		if l.Covers(f) {
			return true
		}
	}
	return false
}

// checkLevels refuses an unknown or repeated level in a levels list.
func checkLevels(levels []Level) error {
	for i, l := range levels {
		if !slices.Contains(questionLevels, l) {
			return fmt.Errorf("unknown level %q (want one of %v; a TH-THCS school gets TH and THCS)", l, questionLevels)
		}
		if slices.Contains(levels[:i], l) {
			return fmt.Errorf("level %q listed twice", l)
		}
	}
	return nil
}

// setLevels checks the question's levels and records the effective list: the question's
// within its section's.
func setLevels(qn *Question, section []Level) error {
	if err := checkLevels(qn.Levels); err != nil {
		return err
	}
	switch {
	case len(qn.Levels) == 0:
		qn.levels = section
	case len(section) == 0:
		qn.levels = qn.Levels
	default:
		for _, l := range qn.Levels {
			if !slices.Contains(section, l) {
				return fmt.Errorf("level %s is not among its section's levels %v", l, section)
			}
		}
		qn.levels = qn.Levels
	}
	return nil
}

// checkText requires the Vietnamese text and checks per-level wording: known levels, each
// with Vietnamese, without nested by_level, and only for levels asked (all when asked is
// empty).
func checkText(what string, t Text, asked []Level) error {
	if t.VI == "" {
		return fmt.Errorf("missing vi %s", what)
	}
	for _, l := range slices.Sorted(maps.Keys(t.ByLevel)) {
		w := t.ByLevel[l]
		switch {
		case !slices.Contains(Levels, l):
			return fmt.Errorf("%s: by_level names unknown level %q (want one of %v)", what, l, Levels)
		case w.VI == "":
			return fmt.Errorf("%s: by_level %s: missing vi", what, l)
		case w.ByLevel != nil:
			return fmt.Errorf("%s: by_level %s: nested by_level", what, l)
		case !levelIn(l, asked):
			return fmt.Errorf("%s: by_level %s, but the question is asked only at %v", what, l, asked)
		}
	}
	return nil
}
