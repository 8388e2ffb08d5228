package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// importList is a register file of two schools of Cẩm Giàng district.
func importList() []domain.School {
	return []domain.School{
		{Code: "THCS-LAICACH", Name: "Trường THCS Lai Cách", Level: domain.LevelTHCS, Commune: "Lai Cách", Phones: []string{"0912345678", "0988776655"}, Active: true},
		{Code: "MN-CAMDIEN", Name: "Trường Mầm non Cẩm Điền", Level: domain.LevelMN, Commune: "Cẩm Điền", Phones: []string{"02203785123"}, Active: true},
	}
}

func mustImport(tb testing.TB, e *env, schools []domain.School, keepPhones bool) domain.ImportResult {
	tb.Helper()
	res := try(e.s.ImportSchools(e.ctx, schools, keepPhones)).must(tb)
	slices.Sort(res.Added)
	slices.Sort(res.Updated)
	return res
}

func schoolCodes(schools []domain.School) []string {
	codes := []string{}
	for _, sc := range schools {
		codes = append(codes, sc.Code)
	}
	return codes
}

// sameSchool compares what a register says of a school, not its timestamps.
func sameSchool(tb testing.TB, got, want domain.School) {
	tb.Helper()
	got.Created, got.Updated, want.Created, want.Updated = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	same(tb, "school "+want.Code, got, want)
}

func schoolCases() []testCase {
	return []testCase{
		{name: "School/missing", run: func(t *testing.T, e *env) {
			_, err := e.s.School(e.ctx, "NOPE")
			wantNotFound(t, "School(NOPE)", err)
			wantNotFound(t, "SetSchoolActive(NOPE)", e.s.SetSchoolActive(e.ctx, "NOPE", true))
			if got := try(e.s.Schools(e.ctx)).must(t); len(got) != 0 {
				t.Errorf("Schools of an empty store = %+v", got)
			}
		}},
		{name: "PutSchool/round-trip, ordered by code", run: func(t *testing.T, e *env) {
			schools := []domain.School{
				{Code: "THCS-LAICACH", Name: "Trường THCS Lai Cách", Level: domain.LevelTHCS, Commune: "Lai Cách", Active: true},
				{Code: "TH-THCS-CAOAN", Name: "Trường Tiểu học và THCS Cao An", Level: domain.LevelTHTHCS, Commune: "Cao An", Phones: []string{"0977333444"}, Active: true},
				{Code: "MN-CAMDIEN", Name: "Trường Mầm non Cẩm Điền", Level: domain.LevelMN, Commune: "Cẩm Điền", Active: false},
				{Code: "TH-CAMPHUC", Name: "Trường Tiểu học Cẩm Phúc " + hostileTexts["operator"], Level: domain.LevelTH, Commune: "Cẩm Phúc", Active: true},
			}
			for _, sc := range schools {
				mustDo(t, "PutSchool", e.s.PutSchool(e.ctx, sc))
			}
			got := try(e.s.Schools(e.ctx)).must(t)
			same(t, "Schools order", schoolCodes(got), []string{"MN-CAMDIEN", "TH-CAMPHUC", "TH-THCS-CAOAN", "THCS-LAICACH"})
			for _, want := range schools {
				sameSchool(t, try(e.s.School(e.ctx, want.Code)).must(t), want)
			}
			schools[0].Name, schools[0].Phones = "Trường THCS Lai Cách (mới)", []string{"0912000000"}
			mustDo(t, "PutSchool again", e.s.PutSchool(e.ctx, schools[0]))
			sameSchool(t, try(e.s.School(e.ctx, "THCS-LAICACH")).must(t), schools[0])
		}},
		{name: "PutSchools/as given, times in UTC", run: func(t *testing.T, e *env) {
			want := domain.School{Code: "MN-TANTRUONG", Name: "Trường Mầm non Tân Trường", Level: domain.LevelMN, Commune: "Tân Trường",
				Phones: []string{"0912111222"}, Active: true, Created: time.Date(2025, 9, 5, 7, 0, 0, 0, ict), Updated: time.Date(2026, 1, 2, 8, 30, 15, 250e6, ict)}
			mustDo(t, "PutSchools", e.s.PutSchools(e.ctx, []domain.School{want}))
			got := try(e.s.School(e.ctx, want.Code)).must(t)
			same(t, "school", got, want)
			wantUTC(t, "Created", got.Created)
		}},
		{name: "SetSchoolActive", run: func(t *testing.T, e *env) {
			mustImport(t, e, importList(), false)
			mustDo(t, "deactivate", e.s.SetSchoolActive(e.ctx, "THCS-LAICACH", false))
			if sc := try(e.s.School(e.ctx, "THCS-LAICACH")).must(t); sc.Active || sc.Name != "Trường THCS Lai Cách" {
				t.Errorf("deactivated school = %+v", sc)
			}
			mustDo(t, "activate", e.s.SetSchoolActive(e.ctx, "THCS-LAICACH", true))
			if sc := try(e.s.School(e.ctx, "THCS-LAICACH")).must(t); !sc.Active {
				t.Errorf("activated school = %+v", sc)
			}
		}},
		{name: "ImportSchools/added, updated, unchanged", run: func(t *testing.T, e *env) {
			res := mustImport(t, e, importList(), false)
			same(t, "first import", res, domain.ImportResult{Added: []string{"MN-CAMDIEN", "THCS-LAICACH"}})
			for _, want := range importList() {
				sameSchool(t, try(e.s.School(e.ctx, want.Code)).must(t), want)
			}
			same(t, "re-import", mustImport(t, e, importList(), false), domain.ImportResult{Unchanged: 2})
			mustDo(t, "deactivate", e.s.SetSchoolActive(e.ctx, "MN-CAMDIEN", false))
			changed := importList()
			changed[1].Name = "Trường MN Cẩm Điền"
			changed = append(changed, domain.School{Code: "TH-NEW", Name: "Trường Tiểu học Mới", Level: domain.LevelTH, Commune: "Cẩm Giàng"})
			same(t, "changed import", mustImport(t, e, changed, false), domain.ImportResult{Added: []string{"TH-NEW"}, Updated: []string{"MN-CAMDIEN"}, Unchanged: 1})
			if mn := try(e.s.School(e.ctx, "MN-CAMDIEN")).must(t); mn.Active || mn.Name != "Trường MN Cẩm Điền" {
				t.Errorf("updated school = %+v; want the new name, still inactive", mn)
			}
			if nw := try(e.s.School(e.ctx, "TH-NEW")).must(t); !nw.Active {
				t.Errorf("a new school is not active: %+v", nw)
			}
			same(t, "idempotent", mustImport(t, e, changed, false), domain.ImportResult{Unchanged: 3})
		}},
		{name: "ImportSchools/keepPhones", run: func(t *testing.T, e *env) {
			mustImport(t, e, importList(), false)
			noPhones := importList()
			for i := range noPhones {
				noPhones[i].Phones = nil
			}
			same(t, "import without phones, kept", mustImport(t, e, noPhones, true), domain.ImportResult{Unchanged: 2})
			same(t, "phones kept", try(e.s.School(e.ctx, "THCS-LAICACH")).must(t).Phones, importList()[0].Phones)
			same(t, "import without phones", mustImport(t, e, noPhones, false), domain.ImportResult{Updated: []string{"MN-CAMDIEN", "THCS-LAICACH"}})
			if p := try(e.s.School(e.ctx, "THCS-LAICACH")).must(t).Phones; len(p) != 0 {
				t.Errorf("phones after an import that clears them = %v", p)
			}
		}},
		{name: "ImportSchools/a refused list writes nothing", run: func(t *testing.T, e *env) {
			mustImport(t, e, importList(), false)
			bad := append([]domain.School{{Code: "TH-NEW", Name: "Mới", Level: domain.LevelTH}}, importList()[0], importList()[0])
			bad[1].Name = "changed"
			if _, err := e.s.ImportSchools(e.ctx, bad, false); err == nil {
				t.Fatal("a list with a code twice was imported")
			}
			_, err := e.s.School(e.ctx, "TH-NEW")
			wantNotFound(t, "a school of the refused list", err)
			sameSchool(t, try(e.s.School(e.ctx, "THCS-LAICACH")).must(t), importList()[0])
		}},
		{name: "SchoolsByPhone", run: func(t *testing.T, e *env) {
			list := append(importList(), domain.School{Code: "MN-LAICACH", Name: "Trường Mầm non Lai Cách", Level: domain.LevelMN, Commune: "Lai Cách", Phones: []string{"0988776655"}})
			mustImport(t, e, list, false)
			got := schoolCodes(try(e.s.SchoolsByPhone(e.ctx, "0988776655")).must(t))
			slices.Sort(got)
			same(t, "two schools share a phone", got, []string{"MN-LAICACH", "THCS-LAICACH"})
			same(t, "one school", schoolCodes(try(e.s.SchoolsByPhone(e.ctx, "02203785123")).must(t)), []string{"MN-CAMDIEN"})
			same(t, "unknown phone", schoolCodes(try(e.s.SchoolsByPhone(e.ctx, "0987000000")).must(t)), []string{})
		}},
	}
}
