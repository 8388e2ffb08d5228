package mongo

import (
	"context"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/bson"
)

// CollectionCounts returns the number of documents in each collection of the database,
// keyed by collection name. Collections that were never written to are absent; system
// collections are left out. It counts every document, so it is meant for operators' status
// output, not for hot paths.
func (s *Store) CollectionCounts(ctx context.Context) (map[string]int64, error) {
	names, err := s.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("list collections: %w", err)
	}
	counts := make(map[string]int64, len(names))
	for _, name := range names {
		if strings.HasPrefix(name, "system.") {
			continue
		}
		n, err := s.c(name).CountDocuments(ctx, bson.D{})
		if err != nil {
			return nil, fmt.Errorf("count %s: %w", name, err)
		}
		counts[name] = n
	}
	return counts, nil
}
