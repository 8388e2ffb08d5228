package storage

import (
	"context"

	"go.mongodb.org/mongo-driver/bson"
)

// RawDocs returns every document of a collection as extended JSON, for tests that check
// what is stored (and what is not).
func (s *Store) RawDocs(ctx context.Context, col string) ([]string, error) {
	cur, err := s.c(col).Find(ctx, bson.M{})
	if err != nil {
		return nil, err
	}
	var docs []bson.Raw
	if err := cur.All(ctx, &docs); err != nil {
		return nil, err
	}
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.String()
	}
	return out, nil
}
