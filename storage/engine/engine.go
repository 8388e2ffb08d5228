// Package engine opens the store the configuration names: MongoDB when a URI is given,
// otherwise the embedded SQLite store in the data directory. It is the only package that
// knows both engines.
package engine

import (
	"context"

	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/mongo"
	"github.com/camgiang-edu/reportbot/storage/sqlite"
)

// Open opens the store o names. The caller must Close it.
func Open(ctx context.Context, o storage.Options) (storage.Store, error) {
	// Each branch returns a nil interface on error, never a nil *Store inside one.
	if o.URI != "" {
		st, err := mongo.Open(ctx, o)
		if err != nil {
			return nil, err
		}
		return st, nil
	}
	st, err := sqlite.Open(ctx, o)
	if err != nil {
		return nil, err
	}
	return st, nil
}
