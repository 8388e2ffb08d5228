package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestTemplateIsUpToDate fails when the committed template was not rebuilt after a part
// changed: run `go run ./export/internal/gendocx` from the repository root.
func TestTemplateIsUpToDate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.docx")
	if err := build("parts", out); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	want, err := os.ReadFile(filepath.Join("..", "..", "template", "report.docx"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("export/template/report.docx is stale: run go run ./export/internal/gendocx")
	}
}
