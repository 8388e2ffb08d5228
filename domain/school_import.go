package domain

import (
	"fmt"
	"slices"
)

// ImportChange is one school an import writes: New when the register did not have it.
type ImportChange struct {
	School School
	New    bool
}

// PlanImport checks a register file's schools (codes normalised and unique, a known level, a
// name) and compares them with the stored ones: it returns the schools to write and the
// result to report (added, updated, unchanged). With keepPhones an existing school keeps its
// stored phones. Every storage engine writes the plan in one unit.
func PlanImport(stored, schools []School, keepPhones bool) ([]ImportChange, ImportResult, error) {
	seen := make(map[string]bool, len(schools))
	for _, sc := range schools {
		if c, err := NormalizeSchoolCode(sc.Code); err != nil || c != sc.Code {
			return nil, ImportResult{}, fmt.Errorf("import schools: %w: %q", ErrBadSchoolCode, sc.Code)
		}
		if _, err := ParseLevel(string(sc.Level)); err != nil {
			return nil, ImportResult{}, fmt.Errorf("import school %s: %w", sc.Code, err)
		}
		if sc.Name == "" || seen[sc.Code] {
			return nil, ImportResult{}, fmt.Errorf("import school %s: empty name or listed twice", sc.Code)
		}
		seen[sc.Code] = true
	}
	old := make(map[string]School, len(stored))
	for _, sc := range stored {
		old[sc.Code] = sc
	}
	var plan []ImportChange
	var res ImportResult
	for _, sc := range schools {
		prev, had := old[sc.Code]
		if keepPhones {
			sc.Phones = prev.Phones
		}
		if had && sameRegisterEntry(prev, sc) {
			res.Unchanged++
			continue
		}
		plan = append(plan, ImportChange{School: sc, New: !had})
		if had {
			res.Updated = append(res.Updated, sc.Code)
		} else {
			res.Added = append(res.Added, sc.Code)
		}
	}
	return plan, res, nil
}

// sameRegisterEntry reports whether two schools agree on what a register file sets.
func sameRegisterEntry(a, b School) bool {
	return a.Name == b.Name && a.Level == b.Level && a.Commune == b.Commune && slices.Equal(a.Phones, b.Phones)
}
