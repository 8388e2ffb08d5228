package export

import (
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// schoolHeader is the header of the one-row-per-school table (XLSX and CSV): fixed columns,
// then one per question with its label.
func (r *Round) schoolHeader() []string {
	h := []string{
		r.t("export.col.code", nil), r.t("export.col.name", nil), r.t("export.col.level", nil),
		r.t("export.col.commune", nil), r.t("export.col.status", nil), r.t("export.col.submitted_at", nil),
		r.t("export.col.late", nil), r.t("export.col.revisions", nil),
	}
	for _, qn := range r.Questions() {
		h = append(h, qn.Label.In(r.Lang))
	}
	return h
}

// Column indexes of the school table that need a type-specific format.
const (
	colSubmittedAt = 5
	colRevisions   = 7
	fixedCols      = 8
)

// schoolRow is one school's row: strings, int64 numbers, and a time.Time (wall clock in
// Loc, see wall) for the submission time; nil for an empty cell.
func (r *Round) schoolRow(sc domain.School, qs []*domain.Question) []any {
	row := make([]any, fixedCols, fixedCols+len(qs))
	row[0], row[1], row[2], row[3] = sc.Code, sc.Name, string(sc.Level), sc.Commune
	row[4] = r.StatusText(r.Status(sc.Code))
	sub, ok := r.Subs[sc.Code]
	if !ok {
		return append(row, make([]any, len(qs))...)
	}
	row[colSubmittedAt] = r.wall(sub.SubmittedAt)
	row[6] = r.yesNo(sub.Late)
	row[colRevisions] = int64(max(sub.Revision, 1))
	for _, qn := range qs {
		row = append(row, r.cell(qn, sub.Answers))
	}
	return row
}

// cell is the value of one answer for a file: a number for integer and money questions,
// words for the others, nil when unanswered or skipped.
func (r *Round) cell(qn *domain.Question, answers map[string]domain.Answer) any {
	a, ok := answers[qn.ID]
	if !ok || a.Skipped {
		return nil
	}
	switch qn.Type {
	case domain.TypeInteger, domain.TypeMoney:
		if a.Int != nil {
			return *a.Int
		}
		return nil
	case domain.TypeYesNo:
		if a.Bool == nil {
			return nil
		}
		return r.yesNo(*a.Bool)
	case domain.TypeFile:
		if a.File == nil {
			return nil
		}
		if a.File.Photo {
			return r.t("export.value.photo", nil)
		}
		return a.File.Name
	}
	return domain.FormatAnswer(qn, a, r.Lang, r.Tr)
}

func (r *Round) yesNo(b bool) string {
	if b {
		return r.t("answer.value_yes", nil)
	}
	return r.t("answer.value_no", nil)
}

// missingHeader and missingRow describe the sheet of schools that have not submitted.
func (r *Round) missingHeader() []string {
	return []string{
		r.t("export.col.code", nil), r.t("export.col.name", nil), r.t("export.col.level", nil),
		r.t("export.col.commune", nil), r.t("export.col.status", nil),
	}
}

func (r *Round) missingRow(sc domain.School) []any {
	return []any{sc.Code, sc.Name, string(sc.Level), sc.Commune, r.StatusText(r.Status(sc.Code))}
}

// dateText formats an instant for text files as "dd/mm/yyyy hh:mm" in Loc.
func (r *Round) dateText(t time.Time) string { return t.In(r.Loc).Format("02/01/2006 15:04") }
