package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

const colBench = "bench_counters"

// BenchTouch increments and returns a counter keyed by id: one read and one write of one
// document by _id, which is the least work any stateful bot does per update. The benchmark's
// persistent echo bot uses it as the floor reportbot is compared with.
func (s *Store) BenchTouch(ctx context.Context, id string) (int64, error) {
	var d struct {
		N int64 `bson:"n"`
	}
	err := s.c(colBench).FindOneAndUpdate(ctx, bson.M{"_id": id}, bson.M{"$inc": bson.M{"n": int64(1)}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&d)
	if err != nil {
		return 0, fmt.Errorf("bench touch %s: %w", id, err)
	}
	return d.N, nil
}
