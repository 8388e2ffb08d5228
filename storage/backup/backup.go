// Package backup is the format of reportbot's backups, shared by every storage engine so a
// backup made on one engine restores into another: gzip-compressed lines of canonical
// MongoDB extended JSON (int64 and dates survive), a header line, then one line per record
// {"c": collection, "d": document}. The documents have the shapes of the types in
// records.go, which are the shapes the FerretDB release wrote, so its backups restore too.
package backup

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Format names the format in a backup's first line; Read refuses anything else.
const Format = "reportbot-backup-v1"

// maxLine bounds one record's line; a larger one is refused as damaged.
const maxLine = 32 << 20

// Writer writes a backup. Call Write for each record, then Close.
type Writer struct {
	zw     *gzip.Writer
	bw     *bufio.Writer
	counts map[string]int
	err    error
}

// NewWriter starts a backup on w made at the given time.
func NewWriter(w io.Writer, at time.Time) (*Writer, error) {
	zw := gzip.NewWriter(w)
	bw := bufio.NewWriter(zw)
	header, err := bson.MarshalExtJSON(bson.D{{Key: "format", Value: Format}, {Key: "at", Value: at.UTC()}}, true, false)
	if err != nil {
		return nil, fmt.Errorf("backup header: %w", err)
	}
	bw.Write(header)
	bw.WriteByte('\n')
	return &Writer{zw: zw, bw: bw, counts: map[string]int{}}, nil
}

// Write adds one record of collection; doc is a value of the collection's record type (or
// raw BSON, as MongoDB returns it).
func (w *Writer) Write(collection string, doc any) error {
	if w.err != nil {
		return w.err
	}
	var d any = doc
	if raw, ok := doc.(bson.Raw); ok {
		d = raw
	} else {
		b, err := bson.Marshal(doc)
		if err != nil {
			return fmt.Errorf("back up a record of %s: %w", collection, err)
		}
		d = bson.Raw(b)
	}
	line, err := bson.MarshalExtJSON(bson.D{{Key: "c", Value: collection}, {Key: "d", Value: d}}, true, false)
	if err != nil {
		return fmt.Errorf("back up a record of %s: %w", collection, err)
	}
	w.bw.Write(line)
	if err := w.bw.WriteByte('\n'); err != nil {
		w.err = fmt.Errorf("write backup: %w", err)
		return w.err
	}
	w.counts[collection]++
	return nil
}

// Close flushes the backup and returns the records written per collection.
func (w *Writer) Close() (map[string]int, error) {
	if w.err != nil {
		return nil, w.err
	}
	if err := w.bw.Flush(); err != nil {
		return nil, fmt.Errorf("write backup: %w", err)
	}
	if err := w.zw.Close(); err != nil {
		return nil, fmt.Errorf("write backup: %w", err)
	}
	return w.counts, nil
}

// File is a whole backup read into memory and checked: its records per collection, in
// file order, and the collections in the order they first appear.
type File struct {
	At          time.Time
	Collections []string
	Docs        map[string][]bson.Raw
}

// Read decodes and checks a whole backup, so a damaged file is refused before anything is
// written. Settings whose names start with secretPrefix are dropped: a backup never
// carries secrets into a store (older backups did).
func Read(r io.Reader, secretPrefix string) (*File, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("read backup: not a gzip file: %w", err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	f := &File{Docs: map[string][]bson.Raw{}}
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			var h struct {
				Format string    `bson:"format"`
				At     time.Time `bson:"at"`
			}
			if err := bson.UnmarshalExtJSON(sc.Bytes(), true, &h); err != nil || h.Format != Format {
				return nil, errors.New("read backup: not a reportbot backup (first line)")
			}
			f.At = h.At
			continue
		}
		var bl struct {
			C string   `bson:"c"`
			D bson.Raw `bson:"d"`
		}
		if err := bson.UnmarshalExtJSON(sc.Bytes(), true, &bl); err != nil {
			return nil, fmt.Errorf("read backup line %d: %w", line, err)
		}
		if bl.C == "" || strings.HasPrefix(bl.C, "system.") || strings.ContainsAny(bl.C, "$\x00") {
			return nil, fmt.Errorf("read backup line %d: bad collection name %q", line, bl.C)
		}
		if bl.C == ColSettings && secretPrefix != "" {
			var s Setting
			if err := bson.Unmarshal(bl.D, &s); err == nil && (strings.HasPrefix(s.ID, secretPrefix) || s.ID == LegacyWebhookSecret) {
				continue
			}
		}
		if _, seen := f.Docs[bl.C]; !seen {
			f.Collections = append(f.Collections, bl.C)
		}
		f.Docs[bl.C] = append(f.Docs[bl.C], bl.D)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read backup line %d: %w", line+1, err)
	}
	if line == 0 {
		return nil, errors.New("read backup: the file is empty")
	}
	return f, nil
}

// Decode reads every record of a collection into values of type T.
func Decode[T any](f *File, collection string) ([]T, error) {
	out := make([]T, 0, len(f.Docs[collection]))
	for i, raw := range f.Docs[collection] {
		var v T
		if err := bson.Unmarshal(raw, &v); err != nil {
			return nil, fmt.Errorf("read backup: record %d of %s: %w", i+1, collection, err)
		}
		out = append(out, v)
	}
	return out, nil
}
