package mongo

import (
	"context"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// index is an ascending index on fields, in order.
type index struct {
	fields []string
	unique bool
}

// name is the name MongoDB gives the index by default: "a_1_b_1".
func (ix index) name() string {
	parts := make([]string, len(ix.fields))
	for i, f := range ix.fields {
		parts[i] = f + "_1"
	}
	return strings.Join(parts, "_")
}

func (ix index) model() mongo.IndexModel {
	keys := bson.D{}
	for _, f := range ix.fields {
		keys = append(keys, bson.E{Key: f, Value: 1})
	}
	return mongo.IndexModel{Keys: keys, Options: options.Index().SetName(ix.name()).SetUnique(ix.unique)}
}

// indexes lists, per collection, an index for every query the engine runs besides those
// by _id. Each file adds its own in init, next to the queries they serve.
var indexes = map[string][]index{}

func addIndexes(col string, ixs ...index) { indexes[col] = append(indexes[col], ixs...) }

// idx is an ascending, non-unique index on fields.
func idx(fields ...string) index { return index{fields: fields} }

// ensureIndexes creates the indexes that are missing, by name, so opening the store again
// is cheap and changes nothing.
func (s *Store) ensureIndexes(ctx context.Context) error {
	for col, ixs := range indexes {
		specs, err := s.c(col).Indexes().ListSpecifications(ctx)
		if err != nil {
			return fail(err, "list indexes of %s", col)
		}
		have := map[string]bool{}
		for _, sp := range specs {
			have[sp.Name] = true
		}
		for _, ix := range ixs {
			if have[ix.name()] {
				continue
			}
			if _, err := s.c(col).Indexes().CreateOne(ctx, ix.model()); err != nil {
				return fail(err, "create index %s on %s", ix.name(), col)
			}
		}
	}
	return nil
}

// findAll runs a query and decodes every document it returns into T. what names the
// documents in errors ("schools", "drafts of 2026-Y").
func findAll[T any](ctx context.Context, c *mongo.Collection, filter any, what string, opts ...options.Lister[options.FindOptions]) ([]T, error) {
	cur, err := c.Find(ctx, filter, opts...)
	if err != nil {
		return nil, fail(err, "find %s", what)
	}
	out := []T{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fail(err, "read %s", what)
	}
	return out, nil
}
