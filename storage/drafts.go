package storage

import (
	"context"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

const colDrafts = "drafts"

func init() {
	addIndexes(colDrafts, idx(false, "period", "school"))
}

// Draft returns a school's draft for a period, or domain.ErrNotFound.
func (s *Store) Draft(ctx context.Context, period, school string) (domain.Draft, error) {
	var d domain.Draft
	err := s.c(colDrafts).FindOne(ctx, bson.M{"_id": domain.SubmissionID(period, school)}).Decode(&d)
	if notFound(err) {
		return domain.Draft{}, domain.ErrNotFound
	}
	if err != nil {
		return domain.Draft{}, fmt.Errorf("load draft %s/%s: %w", period, school, err)
	}
	return d, nil
}

// Drafts returns every draft of a period, sorted by school.
func (s *Store) Drafts(ctx context.Context, period string) ([]domain.Draft, error) {
	cur, err := s.c(colDrafts).Find(ctx, bson.M{"period": period}, options.Find().SetSort(bson.D{{Key: "school", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list drafts of %s: %w", period, err)
	}
	var out []domain.Draft
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read drafts of %s: %w", period, err)
	}
	return out, nil
}
