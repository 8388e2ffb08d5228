package export

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/camgiang-edu/reportbot/domain"
	"golang.org/x/text/unicode/norm"
)

// Attachment is one file a school attached to a file question of its sent report: a
// signed scan, a photo. Path is its name inside the archive ZIP builds, the same whether
// or not the archive was made, so the Excel workbook can name it.
type Attachment struct {
	School   domain.School
	Question *domain.Question
	File     domain.FileRef
	Path     string    // "MN-CAMDIEN - Trường Mầm non Cẩm Điền/1.jpg"
	Sent     time.Time // when the submission holding it was sent, in the district's zone
}

// Attachments lists the files of every school's latest submission (returned ones too:
// the scan is still the school's), in Schools order, then questionnaire order, then the
// order the school sent them. Each school's files are numbered from 1 in its folder.
func (r *Round) Attachments() []Attachment {
	var out []Attachment
	qs := r.Questions()
	for _, sc := range r.Schools {
		sub, ok := r.Subs[sc.Code]
		if !ok {
			continue
		}
		folder := safeName(sc.Code+" - "+sc.Name, 80)
		n := 0
		for _, qn := range qs {
			a, ok := sub.Answers[qn.ID]
			if qn.Type != domain.TypeFile || !ok || a.Skipped {
				continue
			}
			for _, f := range a.AllFiles() {
				if f.FileID == "" {
					continue
				}
				n++
				out = append(out, Attachment{School: sc, Question: qn, File: f, Path: folder + "/" + fileName(n, f),
					Sent: sub.SubmittedAt.In(r.Loc)})
			}
		}
	}
	return out
}

// fileName names the school's n-th file: "1.jpg" for a photo, "2 - Biên bản.pdf" for a
// document, keeping the name the school gave it after the number.
func fileName(n int, f domain.FileRef) string {
	num := strconv.Itoa(n)
	if f.Photo || f.Name == "" {
		ext := ".jpg"
		if !f.Photo {
			ext = ""
		}
		return num + ext
	}
	ext := strings.ToLower(path.Ext(f.Name))
	if len(ext) > 8 || strings.ContainsFunc(ext[min(1, len(ext)):], func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) }) {
		ext = ""
	}
	base := safeName(strings.TrimSuffix(f.Name, path.Ext(f.Name)), 60)
	if base == "" {
		return num + ext
	}
	return num + " - " + base + ext
}

// safeName makes s usable as one file or folder name on Windows, macOS and Linux: NFC,
// no path separators, reserved characters or control characters, no leading or trailing
// dots and spaces, at most max characters. Vietnamese letters stay (ZIP marks the names
// UTF-8).
func safeName(s string, max int) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, c := range s {
		switch {
		case unicode.IsSpace(c):
			b.WriteByte(' ')
		case c < 0x20 || c == 0x7f || strings.ContainsRune(`/\:*?"<>|`, c):
			b.WriteByte('_')
		default:
			b.WriteRune(c)
		}
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	if utf8.RuneCountInString(out) > max {
		out = string([]rune(out)[:max])
	}
	return strings.Trim(out, " .")
}

// Fetch downloads a file by its Telegram file id.
type Fetch func(ctx context.Context, fileID string) ([]byte, error)

// Skip reasons of Archive.
const (
	SkipTooBig   = "too_big"  // the file is over Limits.File, or alone over Limits.Total
	SkipCapFull  = "cap_full" // the archive would grow over Limits.Total
	SkipDownload = "download" // the download failed
)

// Limits are Archive's size caps, in bytes.
type Limits struct {
	File  int64 // the largest file fetched (the Bot API's download limit); 0 = no cap
	Total int64 // the largest archive (the Bot API's upload limit, less a margin)
}

// Skipped is a file left out of the archive and why (a Skip reason; Err for SkipDownload).
type Skipped struct {
	Attachment
	Reason string
	Err    error
}

// Archive builds a ZIP of the attachments, each at its Path, fetched one at a time, and
// adds no file that would take the archive past lim.Total. A file that fails to download
// or does not fit is left out and listed in skipped, and later smaller files still go in;
// the error is for the context ending or the ZIP itself failing. The sizes Telegram
// reported are checked before downloading, the bytes received after.
func Archive(ctx context.Context, atts []Attachment, fetch Fetch, lim Limits) (data []byte, added int, skipped []Skipped, err error) {
	maxBytes := lim.Total
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	const overhead = 256 // a file's local header and central directory entry, with its name
	used := int64(22)    // the end of central directory record
	for _, a := range atts {
		if err := ctx.Err(); err != nil {
			return nil, 0, nil, err
		}
		need := a.File.Size + overhead + 2*int64(len(a.Path))
		if lim.File > 0 && a.File.Size > lim.File || a.File.Size > 0 && need > maxBytes-22 {
			skipped = append(skipped, Skipped{Attachment: a, Reason: SkipTooBig})
			continue
		}
		if a.File.Size > 0 && used+need > maxBytes {
			skipped = append(skipped, Skipped{Attachment: a, Reason: SkipCapFull})
			continue
		}
		body, ferr := fetch(ctx, a.File.FileID)
		if ferr != nil {
			if ctx.Err() != nil {
				return nil, 0, nil, ctx.Err()
			}
			skipped = append(skipped, Skipped{Attachment: a, Reason: SkipDownload, Err: ferr})
			continue
		}
		need = int64(len(body)) + overhead + 2*int64(len(a.Path))
		if used+need > maxBytes {
			reason := SkipCapFull
			if need > maxBytes-22 {
				reason = SkipTooBig
			}
			skipped = append(skipped, Skipped{Attachment: a, Reason: reason})
			continue
		}
		// Scans and photos are compressed already: store them as they are.
		w, err := zw.CreateHeader(&zip.FileHeader{Name: a.Path, Method: zip.Store, Modified: a.Sent})
		if err != nil {
			return nil, 0, nil, fmt.Errorf("zip %s: %w", a.Path, err)
		}
		if _, err := w.Write(body); err != nil {
			return nil, 0, nil, fmt.Errorf("zip %s: %w", a.Path, err)
		}
		used += need
		added++
	}
	if err := zw.Close(); err != nil {
		return nil, 0, nil, fmt.Errorf("close zip: %w", err)
	}
	return buf.Bytes(), added, skipped, nil
}

// ArchiveName is the name of the period's archive of attachments, e.g.
// "tep-dinh-kem-2026-Y.zip".
func ArchiveName(p domain.Period) string { return "tep-dinh-kem-" + p.ID + ".zip" }
