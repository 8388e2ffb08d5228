package mongo

import (
	"context"

	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colBench = backup.ColBench

// BenchTouch increments and returns a counter keyed by id: one read and one write of one
// document by _id, which is the least work any stateful bot does per update. The benchmark's
// persistent echo bot uses it as the floor reportbot is compared with.
func (s *Store) BenchTouch(ctx context.Context, id string) (int64, error) {
	var d backup.Counter
	err := s.c(colBench).FindOneAndUpdate(ctx, bson.M{"_id": id}, bson.M{"$inc": bson.M{"n": int64(1)}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&d)
	if err != nil {
		return 0, fail(err, "bench touch %s", id)
	}
	return d.N, nil
}
