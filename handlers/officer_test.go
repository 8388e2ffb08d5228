package handlers_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
)

// district is the state the officer's tests start from, on 5 December 2026 (the annual
// report 2026-Y is due by 9 December):
//
//	MN-HOAMI     submitted on time, reporter Lan (2001)
//	TH-DONGTAM   submitted late (a correction: revision 2), reporter Minh (2002)
//	THCS-LAICACH draft in progress, reporter Hà (2003) blocked the bot
//	TH-THCS-CAM  submitted on time, reporter Tú (2004)
//	MN-CAMDIEN   nothing, no reporter
//	TH-CAMPHUC   nothing, reporter Bình (2006) never pressed Start
//	MN-CU        inactive: not asked
type district struct {
	h       *apptest.Harness
	subs    []domain.Submission
	photoID string
}

var testNow = apptest.VN(2026, 12, 5, 9, 0)

func i64(n int64) *int64 { return &n }
func yes(b bool) *bool   { return &b }

func newDistrict(t *testing.T) *district {
	t.Helper()
	h := apptest.Start(t, apptest.WithTime(testNow))
	ctx := context.Background()
	st := h.App.Store
	d := &district{h: h}
	schools := []domain.School{
		{Code: "MN-HOAMI", Name: "Trường Mầm non Hoa Mi", Level: domain.LevelMN, Commune: "Cẩm Điền", Active: true},
		{Code: "TH-DONGTAM", Name: "Trường Tiểu học Đồng Tâm & Cẩm Văn", Level: domain.LevelTH, Commune: "Cẩm Văn", Active: true},
		{Code: "THCS-LAICACH", Name: "Trường THCS Lai Cách", Level: domain.LevelTHCS, Commune: "Lai Cách", Active: true},
		{Code: "TH-THCS-CAM", Name: "Trường TH và THCS Cẩm Hoàng", Level: domain.LevelTHTHCS, Commune: "Cẩm Hoàng", Active: true},
		{Code: "MN-CAMDIEN", Name: "Trường Mầm non Cẩm Điền", Level: domain.LevelMN, Commune: "Cẩm Điền", Active: true},
		{Code: "TH-CAMPHUC", Name: "Trường Tiểu học Cẩm Phúc", Level: domain.LevelTH, Commune: "Cẩm Phúc", Active: true},
		{Code: "MN-CU", Name: "Trường Mầm non Cũ", Level: domain.LevelMN, Commune: "Cẩm Phúc", Active: false},
	}
	for _, sc := range schools {
		if err := st.PutSchool(ctx, sc); err != nil {
			t.Fatal(err)
		}
	}
	// A reporter uploads a photo so its file_id exists on the fake server.
	lan := h.User(2001, "Lan", "vi")
	up := lan.SendPhoto(mustPNG(t), "")
	d.photoID = up.Message.Photo[len(up.Message.Photo)-1].FileID
	h.Drained()
	for _, r := range []struct {
		id            int64
		name, school  string
		started, gone bool
	}{
		{2001, "Lan", "MN-HOAMI", true, false},
		{2002, "Minh", "TH-DONGTAM", true, false},
		{2003, "Hà", "THCS-LAICACH", true, true},
		{2004, "Tú", "TH-THCS-CAM", true, false},
		{2006, "Bình", "TH-CAMPHUC", false, false},
	} {
		// A user seen only in a group has a name but never started a private chat.
		if _, err := st.TouchUser(ctx, domain.User{ID: r.id, Name: r.name}, r.started); err != nil {
			t.Fatal(err)
		}
		if _, err := st.LinkReporter(ctx, r.id, r.school); err != nil {
			t.Fatal(err)
		}
		if r.gone {
			if err := st.SetUserUnreachable(ctx, r.id, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	day := func(d int, h int) time.Time { return apptest.VN(2026, 12, d, h, 0).UTC() }
	d.subs = []domain.Submission{
		{School: "MN-HOAMI", SubmittedBy: 2001, SubmitterName: "Lan", FirstAt: day(1, 8), SubmittedAt: day(1, 8), Revision: 1,
			Answers: map[string]domain.Answer{
				"own_plan": {Bool: yes(true)}, "rights_in_plans": {Bool: yes(true)},
				"comm_activities": {Int: i64(12)}, "parents_trained": {Int: i64(300)}, "news_items": {Int: i64(5)},
				"hotline_111": {Bool: yes(true)}, "action_month": {Bool: yes(true)}, "action_month_form": {Choice: "blended"},
				"children_forum": {Bool: yes(false)}, "gifts_given": {Bool: yes(true)}, "gifts_count": {Int: i64(10)},
				"gifts_value": {Int: i64(5_000_000)}, "inspections": {Int: i64(2)}, "incidents": {Bool: yes(false)},
				"difficulties_proposals": {Text: "Thiếu kinh phí <tổ chức> hoạt động & sân chơi"},
				"report_scan":            {File: &domain.FileRef{FileID: d.photoID, Photo: true}},
			}},
		{School: "TH-DONGTAM", SubmittedBy: 2002, SubmitterName: "Minh", FirstAt: day(3, 9), SubmittedAt: day(4, 10), Revision: 2, Late: true,
			Answers: map[string]domain.Answer{
				"own_plan": {Bool: yes(true)}, "rights_in_plans": {Bool: yes(false)},
				"comm_activities": {Int: i64(7)}, "parents_trained": {Int: i64(120)}, "news_items": {Int: i64(0)},
				"action_month": {Bool: yes(true)}, "action_month_form": {Choice: "online"},
				"gifts_given": {Bool: yes(true)}, "gifts_count": {Int: i64(4)}, "gifts_value": {Int: i64(2_500_000)},
				"difficulties_proposals": {Skipped: true},
			}},
		{School: "TH-THCS-CAM", SubmittedBy: 2004, SubmitterName: "Tú", FirstAt: day(3, 15), SubmittedAt: day(3, 15), Revision: 1,
			Answers: map[string]domain.Answer{
				"own_plan": {Bool: yes(false)}, "comm_activities": {Int: i64(20)}, "parents_trained": {Int: i64(80)},
				"action_month": {Bool: yes(true)}, "action_month_form": {Choice: "blended"},
				"gifts_given":            {Bool: yes(false)},
				"difficulties_proposals": {Text: "Đề nghị tập huấn thêm cho giáo viên."},
			}},
	}
	for i := range d.subs {
		d.subs[i].Period = "2026-Y"
		if err := st.PutSubmissions(ctx, []domain.Submission{d.subs[i]}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.PutDraft(ctx, domain.Draft{Period: "2026-Y", School: "THCS-LAICACH", EditedBy: 2003,
		Answers: map[string]domain.Answer{"own_plan": {Bool: yes(true)}}}); err != nil {
		t.Fatal(err)
	}
	return d
}

// sum adds up an integer question over the seeded submissions, independently of export.
func (d *district) sum(id string) int64 {
	var n int64
	for _, s := range d.subs {
		if a, ok := s.Answers[id]; ok && a.Int != nil && !a.Skipped {
			n += *a.Int
		}
	}
	return n
}

func mustPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.Black)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestOfficer_NonOfficersRefused(t *testing.T) {
	d := newDistrict(t)
	lan := d.h.User(2001, "Lan", "vi")
	for _, cmd := range []string{"/status", "/missing", "/view MN-HOAMI", "/history MN-HOAMI", "/summary", "/chart", "/export", "/export docx"} {
		lan.Send(cmd)
		lan.Expect(t, "chỉ dành cho cán bộ")
	}
	g := d.h.TG.Group(-100500, "Cụm trường", true)
	d.h.Officer().SendIn(g, "/status")
	d.h.TG.Expect(t, g.ID(), "tin nhắn riêng")
}
