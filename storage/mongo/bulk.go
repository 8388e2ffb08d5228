package mongo

import (
	"context"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// bulkBatch is how many documents one bulkWrite carries.
const bulkBatch = 500

// PutSubmissions stores whole submissions as given, replacing any with the same id, in a
// few bulk writes instead of one round trip each. Like PutSubmission it is for restores,
// tests and benchmarks. Each document is written on its own (no transaction): after an
// error, the earlier batches are stored.
func (s *Store) PutSubmissions(ctx context.Context, subs []domain.Submission) error {
	models := make([]mongo.WriteModel, 0, len(subs))
	for _, sub := range subs {
		sub.ID = domain.SubmissionID(sub.Period, sub.School)
		models = append(models, mongo.NewReplaceOneModel().SetFilter(bson.M{"_id": sub.ID}).SetReplacement(sub).SetUpsert(true))
	}
	return s.bulk(ctx, colSubmissions, models)
}

// PutSchools creates or replaces schools by code in bulk, for restores, tests and
// benchmarks. Created and Updated are stored as given (zero becomes now).
func (s *Store) PutSchools(ctx context.Context, schools []domain.School) error {
	now := s.now().UTC()
	models := make([]mongo.WriteModel, 0, len(schools))
	for _, sc := range schools {
		if sc.Created.IsZero() {
			sc.Created = now
		}
		if sc.Updated.IsZero() {
			sc.Updated = now
		}
		models = append(models, mongo.NewReplaceOneModel().SetFilter(bson.M{"_id": sc.Code}).SetReplacement(sc).SetUpsert(true))
	}
	return s.bulk(ctx, colSchools, models)
}

// PutRevisions stores revisions as given, replacing any with the same id (set from
// Period, School and Revision), for restores, tests and benchmarks.
func (s *Store) PutRevisions(ctx context.Context, revs []domain.Revision) error {
	models := make([]mongo.WriteModel, 0, len(revs))
	for _, r := range revs {
		r.ID = domain.RevisionID(r.Period, r.School, r.Revision)
		if r.Changed == nil {
			r.Changed = []string{}
		}
		models = append(models, mongo.NewReplaceOneModel().SetFilter(bson.M{"_id": r.ID}).SetReplacement(r).SetUpsert(true))
	}
	return s.bulk(ctx, colRevisions, models)
}

func (s *Store) bulk(ctx context.Context, col string, models []mongo.WriteModel) error {
	for start := 0; start < len(models); start += bulkBatch {
		end := min(start+bulkBatch, len(models))
		if _, err := s.c(col).BulkWrite(ctx, models[start:end], options.BulkWrite().SetOrdered(false)); err != nil {
			return fmt.Errorf("bulk write %d %s: %w", end-start, col, err)
		}
	}
	return nil
}

// PutUsers creates or replaces users by Telegram id in bulk, with their school links, for
// restores, tests and benchmarks.
func (s *Store) PutUsers(ctx context.Context, users []domain.User) error {
	models := make([]mongo.WriteModel, 0, len(users))
	for _, u := range users {
		d := userDoc{ID: idOf(u.ID), User: u}
		models = append(models, mongo.NewReplaceOneModel().SetFilter(bson.M{"_id": d.ID}).SetReplacement(d).SetUpsert(true))
	}
	return s.bulk(ctx, colUsers, models)
}
