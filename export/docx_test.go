package export

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

// mustTemplate builds a .docx whose word/document.xml holds body inside <w:body>.
func mustTemplate(tb testing.TB, body string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(docPart)
	if err != nil {
		tb.Fatal(err)
	}
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`
	if _, err := w.Write([]byte(doc)); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestDOCX_UserTextIsNeverAPlaceholder(t *testing.T) {
	typed := "{{SIGNER_TITLE}} {{AUTHORITY}} {{R.NO}} {{M.NAME}} {{D.TEXT}} {{DAY}}"
	r := hostileRound(t, "{{SIGNER}} {{D.SCHOOL}}", "", typed, "", 1)
	r.Schools = append(r.Schools, domain.School{Code: "MN-B", Name: "{{M.NAME}} {{PERIOD}}", Level: domain.LevelMN, Active: true})
	data, err := DOCX(r, DocInfo{SignerTitle: "TRƯỞNG PHÒNG", Signer: "Nguyễn Văn A", Date: time.Date(2026, 12, 12, 2, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	doc := readPart(t, data, docPart)
	for _, want := range []string{typed, "{{SIGNER}} {{D.SCHOOL}}", "{{M.NAME}} {{PERIOD}}", "TRƯỞNG PHÒNG", "Nguyễn Văn A"} {
		if !strings.Contains(doc, want) {
			t.Errorf("document lacks %q", want)
		}
	}
	if n := strings.Count(doc, "TRƯỞNG PHÒNG"); n != strings.Count(string(readPart(t, DefaultTemplate, docPart)), "{{SIGNER_TITLE}}") {
		t.Errorf("the signer's title appears %d times: a typed placeholder was filled", n)
	}
}

func TestDOCX_PlaceholderSplitOverRuns(t *testing.T) {
	tmpl := mustTemplate(t,
		`<w:p><w:r><w:t>Kính gửi: {{SIG</w:t></w:r><w:proofErr w:type="spellStart"/>`+
			`<w:r><w:rPr><w:b/></w:rPr><w:t>NER_</w:t></w:r><w:r><w:t xml:space="preserve">TITLE}} và {{SIGNER}}</w:t></w:r></w:p>`+
			`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{R.</w:t></w:r><w:r><w:t>LABEL}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`+
			`<w:p><w:r><w:t>{{SIGNER_</w:t></w:r></w:p><w:p><w:r><w:t>TITLE}}</w:t></w:r></w:p>`)
	r := testRound(t)
	data, err := DOCX(r, DocInfo{Template: tmpl, SignerTitle: "TRƯỞNG PHÒNG", Signer: "Lê Thị B", Date: time.Date(2026, 12, 12, 2, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	doc := readPart(t, data, docPart)
	if !strings.Contains(doc, "Kính gửi: TRƯỞNG PHÒNG") || !strings.Contains(doc, " và Lê Thị B") {
		t.Errorf("split placeholder not filled: %s", doc)
	}
	if n, want := strings.Count(doc, "<w:tr>"), len(Indicators(r, Summarize(r))); n != want || strings.Contains(doc, "{{R.") {
		t.Errorf("%d table rows, want %d, one per indicator: %s", n, want, doc)
	}
	if !strings.Contains(doc, "{{SIGNER_</w:t>") {
		t.Errorf("a placeholder split over two paragraphs was joined: %s", doc)
	}
}
