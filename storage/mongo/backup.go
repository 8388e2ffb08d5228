package mongo

import (
	"context"
	"io"
	"slices"
	"strings"

	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// collections are the engine's collections, in name order: what Counts counts, Dump
// writes and Restore fills.
var collections = []string{
	backup.ColAttempts, backup.ColAudit, backup.ColBench, backup.ColChats, backup.ColDrafts,
	backup.ColGroups, backup.ColInvites, backup.ColLeases, backup.ColMeta, backup.ColOutbox,
	backup.ColPeriods, backup.ColQuestionnaires, backup.ColReturns, backup.ColRevisions, backup.ColSchools,
	backup.ColSettings, backup.ColSubmissions, backup.ColUpdates, backup.ColUsers,
}

// Counts returns the number of documents in each of the engine's collections, zero
// included. It counts every document, so it is for operators, not for hot paths.
func (s *Store) Counts(ctx context.Context) (map[string]int64, error) {
	out := make(map[string]int64, len(collections))
	for _, col := range collections {
		n, err := s.c(col).CountDocuments(ctx, bson.D{})
		if err != nil {
			return nil, fail(err, "count %s", col)
		}
		out[col] = n
	}
	return out, nil
}

// Dump writes every document of the engine's collections to w in storage/backup's format,
// collections in name order and documents in _id order, leaving out the settings whose
// names start with storage.SecretPrefix (and the FerretDB release's webhook secret). It
// returns the documents written per collection. It reads collection by collection while
// the bot may write: each document is consistent, the whole is not a point-in-time
// snapshot.
func (s *Store) Dump(ctx context.Context, w io.Writer) (map[string]int, error) {
	bw, err := backup.NewWriter(w, s.now())
	if err != nil {
		return nil, err
	}
	for _, col := range collections {
		if err := s.dumpCollection(ctx, bw, col); err != nil {
			return nil, err
		}
	}
	return bw.Close()
}

func (s *Store) dumpCollection(ctx context.Context, bw *backup.Writer, col string) error {
	cur, err := s.c(col).Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return fail(err, "back up %s", col)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		if col == colSettings && secret(cur.Current) {
			continue
		}
		// Current is reused by Next; Write copies it into the backup before that.
		if err := bw.Write(col, cur.Current); err != nil {
			return err
		}
	}
	if err := cur.Err(); err != nil {
		return fail(err, "back up %s", col)
	}
	return nil
}

// secret reports whether a settings document must never leave the database.
func secret(doc bson.Raw) bool {
	name, _ := doc.Lookup("_id").StringValueOK()
	return strings.HasPrefix(name, storage.SecretPrefix) || name == backup.LegacyWebhookSecret
}

// known reports whether col is one of the engine's collections.
func known(col string) bool { return slices.Contains(collections, col) }
