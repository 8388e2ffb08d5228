package mongo

import (
	"context"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// PutSubmission stores a whole submission as given, replacing any with the same id. It is
// for restoring data and for setting up a district's state in tests and benchmarks; the
// report conversation records submissions through its own single-field updates.
func (s *Store) PutSubmission(ctx context.Context, sub domain.Submission) error {
	sub.ID = domain.SubmissionID(sub.Period, sub.School)
	_, err := s.c(colSubmissions).ReplaceOne(ctx, bson.M{"_id": sub.ID}, sub, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("put submission %s: %w", sub.ID, err)
	}
	return nil
}

// PutDraft stores a whole draft as given, replacing any with the same id; for restores,
// tests and benchmarks, like PutSubmission.
func (s *Store) PutDraft(ctx context.Context, d domain.Draft) error {
	d.ID = domain.SubmissionID(d.Period, d.School)
	_, err := s.c(colDrafts).ReplaceOne(ctx, bson.M{"_id": d.ID}, d, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("put draft %s: %w", d.ID, err)
	}
	return nil
}
