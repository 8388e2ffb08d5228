package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestSchoolTemplateIsUpToDate fails when export/template/school.docx was not rebuilt
// after a part in school/ changed: run
// `go run ./export/internal/gendocx export/internal/gendocx/school export/template/school.docx`.
func TestSchoolTemplateIsUpToDate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "school.docx")
	if err := build("school", out); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	want, err := os.ReadFile(filepath.Join("..", "..", "template", "school.docx"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("export/template/school.docx is stale: rebuild it with gendocx")
	}
}
