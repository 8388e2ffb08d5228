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
	if o.URI != "" {
		return mongo.Open(ctx, o)
	}
	return sqlite.Open(ctx, o)
}
