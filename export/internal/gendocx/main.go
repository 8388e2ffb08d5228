// Command gendocx builds export/template/report.docx, the default Word template of the
// district's compiled report, from the XML parts beside it:
//
//	go run ./export/internal/gendocx
//
// Edit parts/word/document.xml, run it, and commit both. The zip entries are written in a
// fixed order with a fixed time, so the output only changes when a part does.
package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// parts are the package's files in the order Word writes them: the content types first.
var parts = []string{
	"[Content_Types].xml",
	"_rels/.rels",
	"word/document.xml",
	"word/styles.xml",
	"word/_rels/document.xml.rels",
}

func main() {
	src := filepath.Join("export", "internal", "gendocx", "parts")
	out := filepath.Join("export", "template", "report.docx")
	if len(os.Args) == 3 {
		src, out = os.Args[1], os.Args[2]
	}
	if err := build(src, out); err != nil {
		fmt.Fprintln(os.Stderr, "gendocx:", err)
		os.Exit(1)
	}
}

func build(src, out string) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range parts {
		data, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(name)))
		if err != nil {
			return err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}
