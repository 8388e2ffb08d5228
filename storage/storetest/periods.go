package storetest

import (
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// altQuestionnaire is a second questionnaire version, with text that needs escaping in
// JSON, HTML and YAML.
const altQuestionnaire = `
sections:
  - id: s
    title: {vi: "Mục <một> & “hai” {\"$gt\": \"\"}", en: "Part one"}
    questions:
      - id: n
        type: integer
        required: true
        min: 0
        max: 1000
        label: {vi: "Số lượng", en: "Count"}
      - id: kind
        type: choice
        label: {vi: "Hình thức"}
        options:
          - {id: online, label: {vi: "Trực tuyến"}}
          - {id: in_person, label: {vi: "Trực tiếp"}}
      - id: note
        type: text
        max_len: 500
        periods: [Y]
        when: {question: kind, equals: online}
        label: {vi: "Ghi chú 📝"}
`

func mustAltQuestionnaire(tb testing.TB) *domain.Questionnaire {
	tb.Helper()
	return try(domain.ParseQuestionnaire([]byte(altQuestionnaire))).must(tb)
}

// mustPeriod returns a period of the district's default schedule, its instants in ICT.
func mustPeriod(tb testing.TB, id string) domain.Period {
	tb.Helper()
	p, ok := domain.DefaultPeriodSchedule().Find(id, ict)
	if !ok {
		tb.Fatalf("no period %s in the default schedule", id)
	}
	return p
}

func mustPin(tb testing.TB, e *env, id string, q *domain.Questionnaire) domain.Period {
	tb.Helper()
	return try(e.s.PinPeriod(e.ctx, mustPeriod(tb, id), q)).must(tb)
}

func periodCases() []testCase {
	return []testCase{
		{name: "Period/missing", run: func(t *testing.T, e *env) {
			_, err := e.s.Period(e.ctx, "2026-H1")
			wantNotFound(t, "Period before it opened", err)
			_, err = e.s.Questionnaire(e.ctx, "nope")
			wantNotFound(t, "Questionnaire(nope)", err)
		}},
		{name: "PinPeriod/the first version stays", run: func(t *testing.T, e *env) {
			def, alt := domain.DefaultQuestionnaire(), mustAltQuestionnaire(t)
			p := mustPeriod(t, "2026-H1")
			pinned := try(e.s.PinPeriod(e.ctx, p, def)).must(t)
			want := p
			want.Questionnaire = def.Version()
			same(t, "pinned period", pinned, want)
			wantUTC(t, "DueAt", pinned.DueAt)
			same(t, "stored period", try(e.s.Period(e.ctx, "2026-H1")).must(t), want)
			again := try(e.s.PinPeriod(e.ctx, p, alt)).must(t) // the configuration changed
			same(t, "period pinned again", again, want)
			if later := mustPin(t, e, "2026-Y", alt); later.Questionnaire != alt.Version() {
				t.Errorf("a later period pinned %q, want %q", later.Questionnaire, alt.Version())
			}
		}},
		{name: "PinPeriod/a one-off period with titles", run: func(t *testing.T, e *env) {
			p := domain.Period{ID: "tet-2027", Kind: domain.KindOneOff, Titles: map[string]string{"vi": "Báo cáo Tết Đinh Mùi", "en": "Lunar New Year report"},
				LastDay: "2027-01-15", Opens: time.Date(2027, 1, 1, 0, 0, 0, 0, ict), DueAt: time.Date(2027, 1, 16, 0, 0, 0, 0, ict), Closes: time.Date(2027, 2, 1, 0, 0, 0, 0, ict)}
			want := p
			want.Questionnaire = mustAltQuestionnaire(t).Version()
			same(t, "pinned", try(e.s.PinPeriod(e.ctx, p, mustAltQuestionnaire(t))).must(t), want)
			same(t, "stored", try(e.s.Period(e.ctx, p.ID)).must(t), want)
		}},
		{name: "Questionnaire/versions round-trip", run: func(t *testing.T, e *env) {
			def, alt := domain.DefaultQuestionnaire(), mustAltQuestionnaire(t)
			mustPin(t, e, "2026-H1", def)
			mustDo(t, "SaveQuestionnaire", e.s.SaveQuestionnaire(e.ctx, alt))
			mustDo(t, "SaveQuestionnaire again", e.s.SaveQuestionnaire(e.ctx, alt))
			for _, want := range []*domain.Questionnaire{def, alt} {
				got := try(e.s.Questionnaire(e.ctx, want.Version())).must(t)
				if got.Version() != want.Version() {
					t.Errorf("Questionnaire(%s) reads back as version %s", want.Version(), got.Version())
				}
				same(t, "questionnaire "+want.Version(), got.Sections, want.Sections)
			}
		}},
		{name: "Reopen, Reopened, EndReopen", run: func(t *testing.T, e *env) {
			wantNotFound(t, "Reopen of a period not stored", e.s.Reopen(e.ctx, "2026-H1", "THCS-A", 1001))
			if ok, err := e.s.Reopened(e.ctx, "2026-H1", "THCS-A"); ok || err != nil {
				t.Fatalf("Reopened of a period not stored = %v, %v; want false, nil", ok, err)
			}
			mustPin(t, e, "2026-H1", domain.DefaultQuestionnaire())
			mustDo(t, "Reopen", e.s.Reopen(e.ctx, "2026-H1", "THCS-A", 1001))
			mustDo(t, "Reopen", e.s.Reopen(e.ctx, "2026-H1", "TH-THCS-CAOAN", 1001))
			if ok := try(e.s.Reopened(e.ctx, "2026-H1", "THCS-A")).must(t); !ok {
				t.Fatal("Reopened = false after Reopen")
			}
			if ok := try(e.s.Reopened(e.ctx, "2026-H1", "MN-B")).must(t); ok {
				t.Error("another school is reopened too")
			}
			mustDo(t, "EndReopen", e.s.EndReopen(e.ctx, "2026-H1", "THCS-A"))
			if ok := try(e.s.Reopened(e.ctx, "2026-H1", "THCS-A")).must(t); ok {
				t.Error("still reopened after EndReopen")
			}
			if ok := try(e.s.Reopened(e.ctx, "2026-H1", "TH-THCS-CAOAN")).must(t); !ok {
				t.Error("EndReopen of one school ended another's")
			}
			mustDo(t, "EndReopen of a school not reopened", e.s.EndReopen(e.ctx, "2026-H1", "MN-B"))
			if p := try(e.s.Period(e.ctx, "2026-H1")).must(t); p.Questionnaire != domain.DefaultQuestionnaire().Version() {
				t.Errorf("period after reopenings = %+v", p)
			}
		}},
	}
}
