package storage

import (
	"context"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// colRevisionsRead is the collection where the report conversation keeps every sent
// version of a report. This read-only file stands in until the report storage
// (storage/revisions.go of issue 4, same collection and method) is merged; then it goes.
const colRevisionsRead = "revisions"

// Revisions returns every kept revision of a school's report for a period, oldest first.
func (s *Store) Revisions(ctx context.Context, period, school string) ([]domain.Revision, error) {
	cur, err := s.c(colRevisionsRead).Find(ctx, bson.M{"period": period, "school": school},
		options.Find().SetSort(bson.D{{Key: "revision", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list revisions of %s/%s: %w", period, school, err)
	}
	var out []domain.Revision
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read revisions of %s/%s: %w", period, school, err)
	}
	return out, nil
}
