package mongo

import (
	"context"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// bulkBatch is how many documents one bulkWrite carries.
const bulkBatch = 500

// The Put methods write whole records as given, replacing any with the same key, in bulk
// writes of bulkBatch (seeding for tests, benchmarks and imports). Each document is written
// on its own: after an error, the earlier batches are stored.

// PutSubmissions stores submissions as given; each ID is set from Period and School.
func (s *Store) PutSubmissions(ctx context.Context, subs []domain.Submission) error {
	models := make([]mongo.WriteModel, 0, len(subs))
	for _, sub := range subs {
		sub.ID = domain.SubmissionID(sub.Period, sub.School)
		models = append(models, replaceModel(sub.ID, sub))
	}
	return s.bulk(ctx, colSubmissions, models)
}

// PutSchools stores schools by code; a zero Created or Updated becomes now.
func (s *Store) PutSchools(ctx context.Context, schools []domain.School) error {
	now := s.now()
	models := make([]mongo.WriteModel, 0, len(schools))
	for _, sc := range schools {
		if sc.Created.IsZero() {
			sc.Created = now
		}
		if sc.Updated.IsZero() {
			sc.Updated = now
		}
		models = append(models, replaceModel(sc.Code, sc))
	}
	return s.bulk(ctx, colSchools, models)
}

// PutRevisions stores revisions as given; each ID is set from Period, School and Revision.
func (s *Store) PutRevisions(ctx context.Context, revs []domain.Revision) error {
	models := make([]mongo.WriteModel, 0, len(revs))
	for _, r := range revs {
		r.ID = domain.RevisionID(r.Period, r.School, r.Revision)
		if r.Changed == nil {
			r.Changed = []string{}
		}
		models = append(models, replaceModel(r.ID, r))
	}
	return s.bulk(ctx, colRevisions, models)
}

// PutUsers stores users by Telegram id, with their school links.
func (s *Store) PutUsers(ctx context.Context, users []domain.User) error {
	models := make([]mongo.WriteModel, 0, len(users))
	for _, u := range users {
		models = append(models, replaceModel(idOf(u.ID), backup.User{ID: idOf(u.ID), User: u}))
	}
	return s.bulk(ctx, colUsers, models)
}

// PutDraft stores a whole draft as given; its ID is set from Period and School.
func (s *Store) PutDraft(ctx context.Context, d domain.Draft) error {
	d.ID = domain.SubmissionID(d.Period, d.School)
	if d.Answers == nil {
		d.Answers = map[string]domain.Answer{}
	}
	_, err := s.c(colDrafts).ReplaceOne(ctx, bson.M{"_id": d.ID}, d, options.Replace().SetUpsert(true))
	if err != nil {
		return fail(err, "put draft %s", d.ID)
	}
	return nil
}

func replaceModel(id string, doc any) mongo.WriteModel {
	return mongo.NewReplaceOneModel().SetFilter(bson.M{"_id": id}).SetReplacement(doc).SetUpsert(true)
}

// bulk runs models in unordered batches of bulkBatch.
func (s *Store) bulk(ctx context.Context, col string, models []mongo.WriteModel) error {
	for start := 0; start < len(models); start += bulkBatch {
		end := min(start+bulkBatch, len(models))
		if _, err := s.c(col).BulkWrite(ctx, models[start:end], options.BulkWrite().SetOrdered(false)); err != nil {
			return fail(err, "bulk write %d %s", end-start, col)
		}
	}
	return nil
}
