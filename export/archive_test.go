package export

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/camgiang-edu/reportbot/domain"
)

func TestArchive_Limits(t *testing.T) {
	sc := domain.School{Code: "MN-CAMDIEN", Name: "Trường Mầm non Cẩm Điền"}
	att := func(id string, size int64) Attachment {
		return Attachment{School: sc, File: domain.FileRef{FileID: id, Size: size}, Path: safeName(sc.Code+" - "+sc.Name, 80) + "/" + id}
	}
	body := map[string][]byte{"a": bytes.Repeat([]byte("a"), 600), "b": bytes.Repeat([]byte("b"), 600), "c": []byte("c")}
	fetched := map[string]bool{}
	fetch := func(_ context.Context, id string) ([]byte, error) {
		fetched[id] = true
		if b, ok := body[id]; ok {
			return b, nil
		}
		return nil, errors.New("file is gone")
	}
	atts := []Attachment{att("a", 600), att("huge", 5000), att("b", 600), att("gone", 10), att("c", 1)}
	data, added, skipped, err := Archive(context.Background(), atts, fetch, Limits{File: 4000, Total: 1400})
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(data)) > 1400 {
		t.Errorf("archive of %d bytes is over the cap", len(data))
	}
	var why []string
	for _, s := range skipped {
		why = append(why, s.File.FileID+":"+s.Reason)
	}
	if added != 2 || strings.Join(why, " ") != "huge:too_big b:cap_full gone:download" {
		t.Errorf("added %d, skipped %v; want a and c in, huge too big, b over the cap, gone failed", added, why)
	}
	if fetched["huge"] || fetched["b"] {
		t.Errorf("fetched files known not to fit: %v", fetched)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(zr.File) != 2 || zr.File[1].Name != "MN-CAMDIEN - Trường Mầm non Cẩm Điền/c" {
		t.Fatalf("zip = %v, %v", zr, err)
	}
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"Trường Tiểu học Cẩm Vũ":          "Trường Tiểu học Cẩm Vũ",
		"../../etc/passwd":                "_.._etc_passwd",
		"a:b*c?\"d<e>f|g\\h":              "a_b_c__d_e_f_g_h",
		" .hidden. ":                      "hidden",
		"Tru\u031bo\u031b\u0300ng\tmới\n": "Trường mới", // NFD in, NFC out
	} {
		if got := safeName(in, 80); got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := safeName(strings.Repeat("ữ", 100), 10); got != strings.Repeat("ữ", 10) {
		t.Errorf("long name = %q", got)
	}
}
