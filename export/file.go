package export

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// Format is a file format the round exports to.
type Format string

// File formats.
const (
	FormatXLSX Format = "xlsx"
	FormatCSV  Format = "csv"
	FormatDOCX Format = "docx"
)

// ParseFormat reads "xlsx", "csv" or "docx" case-insensitively; ok is false otherwise.
func ParseFormat(s string) (Format, bool) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case FormatXLSX, FormatCSV, FormatDOCX:
		return f, true
	}
	return "", false
}

// File renders the round in format f; info.Date is the time the figures are as of, the
// rest of info is used by FormatDOCX only.
func File(r *Round, f Format, info DocInfo) ([]byte, error) {
	switch f {
	case FormatXLSX:
		return XLSX(r, info.Date)
	case FormatCSV:
		return CSV(r)
	case FormatDOCX:
		return DOCX(r, info)
	}
	return nil, fmt.Errorf("unknown export format %q", f)
}

// FileName is the name of the period's export file, e.g. "bao-cao-2026-Y.xlsx".
func FileName(p domain.Period, f Format) string { return "bao-cao-" + p.ID + "." + string(f) }

// Source is the storage a round is loaded from: one period's documents at a time.
type Source interface {
	Schools(ctx context.Context) ([]domain.School, error)
	Submissions(ctx context.Context, period string) ([]domain.Submission, error)
	Drafts(ctx context.Context, period string) ([]domain.Draft, error)
	OpenReturns(ctx context.Context, period string) (map[string]domain.Return, error)
	// AllReporters maps a school code to its reporters, with the phones they shared.
	AllReporters(ctx context.Context) (map[string][]domain.User, error)
}

// Questionnaires returns the questionnaire of a version ("" when unknown).
type Questionnaires interface {
	QuestionnaireFor(ctx context.Context, version string) (*domain.Questionnaire, error)
}

// Load reads period p's schools, submissions and drafts and builds its round. The
// questionnaire is the version p pinned, else the one most submissions follow.
func Load(ctx context.Context, src Source, qs Questionnaires, p domain.Period, loc *time.Location, lang string, tr domain.Translate) (*Round, error) {
	schools, err := src.Schools(ctx)
	if err != nil {
		return nil, err
	}
	subs, err := src.Submissions(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	drafts, err := src.Drafts(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	version := p.Questionnaire
	if version == "" {
		count := map[string]int{}
		for _, s := range subs {
			count[s.Questionnaire]++
			if count[s.Questionnaire] > count[version] {
				version = s.Questionnaire
			}
		}
	}
	q, err := qs.QuestionnaireFor(ctx, version)
	if err != nil {
		return nil, fmt.Errorf("questionnaire %q of %s: %w", version, p.ID, err)
	}
	returns, err := src.OpenReturns(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	reporters, err := src.AllReporters(ctx)
	if err != nil {
		return nil, err
	}
	r := NewRound(p, q, schools, subs, drafts, loc, lang, tr)
	r.Returns, r.Reporters = returns, reporters
	return r, nil
}
