package mongo

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// backupFormat names the format of a backup's first line; Restore refuses anything else.
const backupFormat = "reportbot-backup-v1"

// ErrNotEmpty is returned by Restore when the store already holds documents.
var ErrNotEmpty = errors.New("the store already holds data; restore only into an empty store")

// backupLine is one document of a backup: its collection and the document itself.
type backupLine struct {
	C string   `bson:"c"`
	D bson.Raw `bson:"d"`
}

// Dump writes every document of every collection to w as gzip-compressed lines of
// canonical MongoDB extended JSON (types such as int64 and dates survive a restore), after a
// header line. Collections come in name order, documents in _id order. It returns the
// number of documents written per collection. It reads collection by collection while the
// bot may write: each document is consistent, the whole is not a point-in-time snapshot.
func (s *Store) Dump(ctx context.Context, w io.Writer) (map[string]int, error) {
	zw := gzip.NewWriter(w)
	bw := bufio.NewWriter(zw)
	header, err := bson.MarshalExtJSON(bson.D{{Key: "format", Value: backupFormat}, {Key: "at", Value: s.now().UTC()}}, true, false)
	if err != nil {
		return nil, fmt.Errorf("backup header: %w", err)
	}
	bw.Write(header)
	bw.WriteByte('\n')
	names, err := s.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("list collections: %w", err)
	}
	slices.Sort(names)
	counts := map[string]int{}
	for _, name := range names {
		if strings.HasPrefix(name, "system.") {
			continue
		}
		if err := s.dumpCollection(ctx, bw, name, counts); err != nil {
			return nil, err
		}
	}
	if err := bw.Flush(); err != nil {
		return nil, fmt.Errorf("write backup: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("write backup: %w", err)
	}
	return counts, nil
}

func (s *Store) dumpCollection(ctx context.Context, bw *bufio.Writer, name string, counts map[string]int) error {
	cur, err := s.c(name).Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return fmt.Errorf("back up %s: %w", name, err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		line, err := bson.MarshalExtJSON(backupLine{C: name, D: cur.Current}, true, false)
		if err != nil {
			return fmt.Errorf("back up a document of %s: %w", name, err)
		}
		bw.Write(line)
		if err := bw.WriteByte('\n'); err != nil {
			return fmt.Errorf("write backup: %w", err)
		}
		counts[name]++
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("back up %s: %w", name, err)
	}
	return nil
}

// Restore loads a backup written by Dump into this store, which must hold no documents
// (ErrNotEmpty otherwise). It returns the number of documents restored per collection. The
// file is checked completely before the first write, so a damaged file writes nothing.
func (s *Store) Restore(ctx context.Context, r io.Reader) (map[string]int, error) {
	counts, err := s.CollectionCounts(ctx)
	if err != nil {
		return nil, err
	}
	for _, n := range counts {
		if n > 0 {
			return nil, ErrNotEmpty
		}
	}
	docs, order, err := readBackup(r)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, name := range order {
		batch := docs[name]
		for len(batch) > 0 {
			n := min(len(batch), 500)
			if _, err := s.c(name).InsertMany(ctx, batch[:n]); err != nil {
				return out, fmt.Errorf("restore %s (after %d documents): %w", name, out[name], err)
			}
			out[name] += n
			batch = batch[n:]
		}
	}
	return out, nil
}

// readBackup decodes a whole backup into documents per collection, in file order.
func readBackup(r io.Reader) (map[string][]any, []string, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, nil, fmt.Errorf("read backup: not a gzip file: %w", err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 64<<10), 32<<20)
	docs := map[string][]any{}
	var order []string
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			var h struct {
				Format string `bson:"format"`
			}
			if err := bson.UnmarshalExtJSON(sc.Bytes(), true, &h); err != nil || h.Format != backupFormat {
				return nil, nil, fmt.Errorf("read backup: not a reportbot backup (first line)")
			}
			continue
		}
		var bl struct {
			C string `bson:"c"`
			D bson.D `bson:"d"`
		}
		if err := bson.UnmarshalExtJSON(sc.Bytes(), true, &bl); err != nil {
			return nil, nil, fmt.Errorf("read backup line %d: %w", line, err)
		}
		if bl.C == "" || strings.HasPrefix(bl.C, "system.") || strings.ContainsAny(bl.C, "$\x00") {
			return nil, nil, fmt.Errorf("read backup line %d: bad collection name %q", line, bl.C)
		}
		if _, seen := docs[bl.C]; !seen {
			order = append(order, bl.C)
		}
		docs[bl.C] = append(docs[bl.C], bl.D)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("read backup line %d: %w", line+1, err)
	}
	if line == 0 {
		return nil, nil, fmt.Errorf("read backup: the file is empty")
	}
	return docs, order, nil
}
