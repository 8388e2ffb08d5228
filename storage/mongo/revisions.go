package mongo

import (
	"context"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

const colRevisions = "revisions"

func init() {
	addIndexes(colRevisions, idx(false, "period", "school", "revision"))
}

// AddRevision keeps one revision of a school's report; its ID is set from Period, School
// and Revision. Create-once: storing the same revision again (a retried update) is not an
// error and keeps the first.
func (s *Store) AddRevision(ctx context.Context, rev domain.Revision) error {
	rev.ID = domain.RevisionID(rev.Period, rev.School, rev.Revision)
	if rev.Changed == nil {
		rev.Changed = []string{}
	}
	if _, err := s.c(colRevisions).InsertOne(ctx, rev); err != nil && !isDup(err) {
		return fmt.Errorf("add revision %s: %w", rev.ID, err)
	}
	return nil
}

// Revisions returns every kept revision of a school's report for a period, oldest first.
func (s *Store) Revisions(ctx context.Context, period, school string) ([]domain.Revision, error) {
	return findAll[domain.Revision](ctx, s.c(colRevisions), bson.M{"period": period, "school": school},
		"revisions of "+period+"/"+school, options.Find().SetSort(bson.D{{Key: "revision", Value: 1}}))
}
