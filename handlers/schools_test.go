package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/internal/tgtest"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

func TestImport_ByDocument(t *testing.T) {
	h := startBot(t)
	ctx := context.Background()
	off := h.Officer()

	t.Run("bad rows: nothing written, every line named", func(t *testing.T) {
		bad := "code,name,level,commune\nTH-A,Trường A,TH,X\nTH-B,Trường B,ĐH,X\nTH-C,,TH,X\nth-a,Trường A lần 2,TH,X\nTH-D,Trường D,TH\n"
		off.SendDocument("loi.csv", []byte(bad))
		m := off.Expect(t, "chưa có gì được lưu")
		for _, want := range []string{"Dòng 3: cấp học ĐH", "Dòng 4: thiếu tên trường", "Dòng 5: mã TH-A trùng với dòng 2", "Dòng 6: sai số cột (3 thay vì 4)"} {
			if !strings.Contains(m.Plain, want) {
				t.Errorf("refusal lacks %q:\n%s", want, m.Plain)
			}
		}
		if got, _ := h.App.Store.Schools(ctx); len(got) != 0 {
			t.Errorf("a refused file wrote %d schools", len(got))
		}
	})
	t.Run("good CSV, then the same again", func(t *testing.T) {
		if m := mustImport(t, h, "truong.csv", schoolsCSV); !strings.Contains(m.Plain, "thêm mới 3, cập nhật 0, không đổi 0") {
			t.Errorf("first import = %q", m.Plain)
		}
		if m := mustImport(t, h, "truong.csv", schoolsCSV); !strings.Contains(m.Plain, "thêm mới 0, cập nhật 0, không đổi 3") {
			t.Errorf("re-import = %q", m.Plain)
		}
	})
	t.Run("Windows-1258 CSV with semicolons", func(t *testing.T) {
		// "Trường" as Excel saves it: ư precomposed, the grave tone a combining mark (0xCC).
		data, err := charmap.Windows1258.NewEncoder().String("code;name;level;commune\nTHCS-CAMDOAI;Tr\u01b0\u01a1\u0300ng THCS C\u00e2\u0309m \u0110oa\u0300i;THCS;C\u00e2\u0309m \u0110oa\u0300i\n")
		if err != nil {
			t.Fatal(err)
		}
		m := mustImport(t, h, "truong-excel.csv", data)
		sc, err := h.App.Store.School(ctx, "THCS-CAMDOAI")
		if err != nil || sc.Name != "Trường THCS Cẩm Đoài" || !strings.Contains(m.Plain, "thêm mới 1") {
			t.Errorf("Windows-1258 import: %q; school %+v, %v", m.Plain, sc, err)
		}
	})
	t.Run("xlsx", func(t *testing.T) {
		m := mustImport(t, h, "truong.xlsx", string(mustXLSX(t, [][]any{
			{"code", "name", "level", "commune"},
			{"TH-THCS-CAMHUNG", "Trường TH&THCS Cẩm Hưng", "TH-THCS", "Cẩm Hưng"},
			{"MN-CAMDIEN", "Trường Mầm non Cẩm Điền (cơ sở 2)", "MN", "Cẩm Điền"},
		})))
		if !strings.Contains(m.Plain, "thêm mới 1, cập nhật 1, không đổi 0") {
			t.Errorf("xlsx import = %q", m.Plain)
		}
	})
	t.Run("not a school file", func(t *testing.T) {
		off.SendDocument("anh.png", []byte("\x89PNG"))
		off.Expect(t, "không phải CSV hoặc .xlsx")
	})
	off.Send("/schools")
	list := off.Expect(t, "Danh sách trường").Plain
	for _, want := range []string{"5 trường", "Trường THCS Lai Cách", "Trường TH&THCS Cẩm Hưng", "chưa có người báo cáo"} {
		if !strings.Contains(list, want) {
			t.Errorf("/schools lacks %q:\n%s", want, list)
		}
	}
}

func mustXLSX(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAccess_StrangerIsRefusedOfficerCommands(t *testing.T) {
	h := startBot(t)
	mustImport(t, h, "truong.csv", schoolsCSV)
	u := h.User(641, "Lạ", "vi")
	for _, cmd := range []string{"/invite THCS-LAICACH", "/invite all", "/schools", "/unlink THCS-LAICACH", "/deactivate TH-CAMVU"} {
		u.Send(cmd)
		if m := u.Next(t); !strings.Contains(m.Plain, "chỉ dành cho cán bộ") {
			t.Errorf("%s by a stranger = %q", cmd, m.Plain)
		}
	}
	u.SendDocument("truong.csv", []byte("code,name,level,commune\nTH-X,X,TH,X\n"))
	u.Expect(t, "chỉ dành cho cán bộ")
	if _, err := h.App.Store.School(context.Background(), "TH-X"); err == nil {
		t.Error("a stranger's file was imported")
	}
	reporter := h.User(642, "Lan", "vi")
	mustRegister(t, h, reporter, "TH-CAMVU")
	reporter.Send("/invite TH-CAMVU")
	reporter.Expect(t, "chỉ dành cho cán bộ")
}

func TestInvite_AllSendsACSVDocument(t *testing.T) {
	h := startBot(t)
	mustImport(t, h, "truong.csv", schoolsCSV)
	mustRegister(t, h, h.User(651, "Lan", "vi"), "TH-CAMVU")
	off := h.Officer()
	off.Send("/deactivate MN-CAMDIEN")
	off.Expect(t, "Đã ngừng yêu cầu")
	off.Send("/invite all")
	m := off.Expect(t, "chưa có người báo cáo")
	if m.Method != "sendDocument" || m.File == nil {
		t.Fatalf("/invite all sent %s, want a document", m.Method)
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(m.File.Data), "\uFEFF")), "\r\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "code,name,level") || !strings.HasPrefix(lines[1], "THCS-LAICACH,Trường THCS Lai Cách,THCS") {
		t.Fatalf("invite CSV:\n%s", m.File.Data)
	}
	code := inviteLinkRE.FindStringSubmatch(lines[1])[2]
	u := h.User(652, "Hùng", "vi")
	u.Send("/start " + code)
	u.Expect(t, "Đăng ký thành công")

	off.Send("/invite MN-CAMDIEN")
	off.Expect(t, "đang ngừng báo cáo")
	off.Send("/activate MN-CAMDIEN")
	off.Expect(t, "kích hoạt lại")
	off.Send("/invite NOPE")
	off.Expect(t, "Không tìm thấy trường có mã NOPE")
}

func TestUnlink_WithConfirmation(t *testing.T) {
	h := startBot(t)
	mustImport(t, h, "truong.csv", schoolsCSV)
	lan := h.User(661, "Lan", "vi")
	mustRegister(t, h, lan, "TH-CAMVU")
	off := h.Officer()
	off.Send("/unlink TH-CAMVU")
	menu := off.Expect(t, "Chọn người cần gỡ")
	off.Click(t, menu, "Lan")
	if e := off.NextEdit(t); !strings.Contains(e.Plain, "Gỡ Lan khỏi Trường Tiểu học Cẩm Vũ?") {
		t.Fatalf("confirmation = %q", e.Plain)
	}
	off.Click(t, menu, "Gỡ")
	off.NextEdit(t)
	lan.Expect(t, "đã gỡ Thầy/Cô")
	lan.Send("/whoami")
	lan.Expect(t, "chưa đăng ký")
	off.Send("/unlink TH-CAMVU")
	off.Expect(t, "chưa có người báo cáo")
}

func TestSchools_LongListIsSplit(t *testing.T) {
	h := startBot(t)
	var b strings.Builder
	b.WriteString("code,name,level,commune\n")
	for i := 0; i < 150; i++ {
		fmt.Fprintf(&b, "TH-%03d,Trường Tiểu học số %d của xã có tên rất dài để thử chia tin nhắn,TH,Xã %d\n", i, i, i)
	}
	mustImport(t, h, "nhieu.csv", b.String())
	h.Officer().Send("/schools")
	h.Drained()
	var parts []tgtest.SentMessage
	h.TG.WaitFor(t, func() bool {
		parts = nil
		for _, m := range h.TG.SentTo(h.Officer().ID()) {
			if strings.Contains(m.Plain, "TH-") {
				parts = append(parts, m)
			}
		}
		return strings.Contains(lastPlain(parts), "TH-149")
	})
	if len(parts) < 2 {
		t.Fatalf("150 schools in %d message(s)", len(parts))
	}
	for _, p := range parts {
		if n := tgtest.UTF16Len(p.Plain); n > 4096 {
			t.Errorf("a part has %d characters", n)
		}
	}
}

func lastPlain(ms []tgtest.SentMessage) string {
	if len(ms) == 0 {
		return ""
	}
	return ms[len(ms)-1].Plain
}
