package mongo

import (
	"context"
	"errors"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colRevisions = backup.ColRevisions

func init() {
	addIndexes(colRevisions, idx("period", "school", "revision")) // Revisions
}

// Revisions returns the kept revisions of a school's report for a period, oldest first:
// those up to the stored submission's revision. A revision written by a Submit that did
// not reach the submission (a crash on a standalone server) is not returned; the next
// Submit rewrites it.
func (s *Store) Revisions(ctx context.Context, period, school string) ([]domain.Revision, error) {
	var sub struct {
		Revision int `bson:"revision"`
	}
	err := s.c(colSubmissions).FindOne(ctx, bson.M{"_id": domain.SubmissionID(period, school)},
		options.FindOne().SetProjection(bson.M{"revision": 1})).Decode(&sub)
	if err != nil {
		if err = fail(err, "load revision of %s/%s", period, school); errors.Is(err, domain.ErrNotFound) {
			return []domain.Revision{}, nil
		}
		return nil, err
	}
	return findAll[domain.Revision](ctx, s.c(colRevisions),
		bson.M{"period": period, "school": school, "revision": bson.M{"$lte": sub.Revision}},
		"revisions of "+period+"/"+school, options.Find().SetSort(bson.D{{Key: "revision", Value: 1}}))
}
