package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

var loc = mustLoc()

func mustLoc() *time.Location {
	l, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		panic(err)
	}
	return l
}

// idT renders a message as its id and data, so tests see what was asked for.
func idT(_, id string, data map[string]any) string {
	if sc, ok := data["School"].(string); ok {
		if v, ok := data["Text"].(string); ok {
			return sc + ": " + v
		}
	}
	if v, ok := data["Text"]; ok {
		return v.(string)
	}
	if v, ok := data["Name"]; ok {
		return v.(string)
	}
	return id
}

func n(v int64) *int64 { return &v }
func b(v bool) *bool   { return &v }

func testRound(t *testing.T) *Round {
	t.Helper()
	p, _ := domain.DefaultPeriodSchedule().Find("2026-Y", loc)
	schools := []domain.School{
		{Code: "TH-THCS-A", Name: "A & <B>", Level: domain.LevelTHTHCS, Active: true},
		{Code: "MN-B", Name: "B", Level: domain.LevelMN, Active: true},
		{Code: "TH-C", Name: "C", Level: domain.LevelTH, Active: true},
		{Code: "THCS-D", Name: "D", Level: domain.LevelTHCS, Active: false}, // inactive but submitted: counted
		{Code: "THCS-E", Name: "E", Level: domain.LevelTHCS, Active: false}, // inactive, silent: not asked
		{Code: "MN-F", Name: "F", Level: domain.LevelMN, Active: true},
	}
	at := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	subs := []domain.Submission{
		{School: "TH-THCS-A", SubmittedAt: at, FirstAt: at, Answers: map[string]domain.Answer{
			"comm_activities": {Int: n(5)}, "own_plan": {Bool: b(true)},
			"gifts_value": {Int: n(1_000_000)}, "difficulties_proposals": {Text: "Thiếu <sân> & \"bóng\"\nmới"}}},
		{School: "MN-B", SubmittedAt: at, FirstAt: at, Answers: map[string]domain.Answer{
			"comm_activities": {Int: n(7)}, "own_plan": {Bool: b(false)},
			"news_items": {Skipped: true, Int: n(99)}}},
		{School: "THCS-D", Late: true, SubmittedAt: at.Add(30 * 24 * time.Hour), FirstAt: at.Add(30 * 24 * time.Hour),
			Answers: map[string]domain.Answer{"comm_activities": {Int: n(1)}, "own_plan": {Bool: b(true)}}},
	}
	drafts := []domain.Draft{{School: "TH-C"}, {School: "MN-B"}}
	return NewRound(p, domain.DefaultQuestionnaire(), schools, subs, drafts, loc, "vi", idT)
}

func TestSummarize(t *testing.T) {
	r := testRound(t)
	s := Summarize(r)
	if s.Total.Schools != 5 || s.Total.Submitted != 3 || s.Total.Late != 1 {
		t.Errorf("total = %+v", s.Total)
	}
	if got := s.Total.Sums["comm_activities"]; got != 13 {
		t.Errorf("sum = %d, want 13", got)
	}
	if got := s.Total.Sums["news_items"]; got != 0 {
		t.Errorf("a skipped answer counted: %d", got)
	}
	th, thcs, both := s.ByLevel[domain.LevelTH], s.ByLevel[domain.LevelTHCS], s.ByLevel[domain.LevelTHTHCS]
	if th.Sums["comm_activities"] != 0 || thcs.Sums["comm_activities"] != 1 || both.Sums["comm_activities"] != 5 || both.Schools != 1 {
		t.Errorf("TH-THCS must be its own row: TH %+v THCS %+v TH-THCS %+v", th, thcs, both)
	}
	if s.Total.Yes["own_plan"] != 2 {
		t.Errorf("yes = %v", s.Total.Yes)
	}
	if len(s.Texts) != 1 || s.Texts[0].Answers[0].School.Code != "TH-THCS-A" {
		t.Errorf("texts = %+v", s.Texts)
	}
	if r.Status("MN-B") != StatusSubmitted || r.Status("TH-C") != StatusDraft || r.Status("MN-F") != StatusNone || r.Status("THCS-D") != StatusLate {
		t.Error("statuses wrong")
	}
	if m := r.Missing(); len(m) != 2 || m[0].Code != "MN-F" || m[1].Code != "TH-C" {
		t.Errorf("missing = %+v", m)
	}
}

func TestDOCX(t *testing.T) {
	r := testRound(t)
	data, err := DOCX(r, DocInfo{Authority: "UBND HUYỆN CẨM GIÀNG", Date: time.Date(2026, 12, 12, 2, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	doc := readPart(t, data, docPart)
	for _, want := range []string{"UBND HUYỆN CẨM GIÀNG", "ngày 12 tháng 12 năm 2026", "A &amp; &lt;B&gt;",
		"Thiếu &lt;sân&gt; &amp; &quot;bóng&quot;</w:t><w:br/><w:t xml:space=\"preserve\">mới", ">13<", ">1.000.000<"} {
		if !strings.Contains(doc, want) {
			t.Errorf("document lacks %q", want)
		}
	}
	dec := xml.NewDecoder(strings.NewReader(doc))
	for {
		if _, err := dec.Token(); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
	}
	if _, err := DOCX(r, DocInfo{Template: []byte("not a zip")}); !errors.Is(err, ErrBadTemplate) {
		t.Errorf("bad template: %v", err)
	}
	if err := checkTemplate(DefaultTemplate); err != nil {
		t.Errorf("default template: %v", err)
	}
	if _, _, err := enclosing("<w:p>{{R.X}}", "{{R.", "w:tr"); !errors.Is(err, ErrBadTemplate) {
		t.Errorf("marker outside its element: %v", err)
	}
}

func readPart(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			b, err := readZipFile(f)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no %s", name)
	return ""
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"xlsx": FormatXLSX, " CSV ": FormatCSV, "Docx": FormatDOCX, "pdf": ""} {
		if got, ok := ParseFormat(in); got != want || ok != (want != "") {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, ok)
		}
	}
}

// TestSummarize_CountsOptions: a choice question's answers are counted per option (the
// default questionnaire has none, so a district's own one is used).
func TestSummarize_CountsOptions(t *testing.T) {
	q, err := domain.ParseQuestionnaire([]byte(`
sections:
  - id: a
    title: {vi: "A"}
    questions:
      - id: form
        type: choice
        required: true
        label: {vi: "Hình thức"}
        options:
          - {id: in_person, label: {vi: "Trực tiếp"}}
          - {id: online, label: {vi: "Trực tuyến"}}
`))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := domain.DefaultPeriodSchedule().Find("2026-Y", loc)
	at := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	schools := []domain.School{{Code: "MN-A", Name: "A", Level: domain.LevelMN, Active: true}, {Code: "MN-B", Name: "B", Level: domain.LevelMN, Active: true},
		{Code: "TH-C", Name: "C", Level: domain.LevelTH, Active: true}}
	subs := []domain.Submission{
		{School: "MN-A", SubmittedAt: at, FirstAt: at, Answers: map[string]domain.Answer{"form": {Choice: "online"}}},
		{School: "MN-B", SubmittedAt: at, FirstAt: at, Answers: map[string]domain.Answer{"form": {Choice: "online"}}},
		{School: "TH-C", SubmittedAt: at, FirstAt: at, Answers: map[string]domain.Answer{"form": {Choice: "in_person"}}},
	}
	s := Summarize(NewRound(p, q, schools, subs, nil, loc, "vi", idT))
	if got := s.Total.Options["form"]; got["online"] != 2 || got["in_person"] != 1 {
		t.Errorf("options = %v", got)
	}
	if got := s.ByLevel[domain.LevelMN].Options["form"]["online"]; got != 2 {
		t.Errorf("MN online = %d, want 2", got)
	}
}
