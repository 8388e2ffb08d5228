package mongo

import (
	"context"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colSubmissions = backup.ColSubmissions

func init() {
	addIndexes(colSubmissions, idx("period", "school")) // Submissions, SubmittedSchools
}

// submissionDoc is a stored submission: the record, and the update that sent its latest
// revision, so Submit recognises the replay of a send that was cut off after the
// submission was written.
type submissionDoc struct {
	domain.Submission `bson:",inline"`
	ByUpdate          int64 `bson:"by_update,omitempty"`
}

// Submission returns a school's submission for a period, or domain.ErrNotFound.
func (s *Store) Submission(ctx context.Context, period, school string) (domain.Submission, error) {
	d, err := s.submissionDoc(ctx, period, school)
	return d.Submission, err
}

func (s *Store) submissionDoc(ctx context.Context, period, school string) (submissionDoc, error) {
	var d submissionDoc
	if err := s.c(colSubmissions).FindOne(ctx, bson.M{"_id": domain.SubmissionID(period, school)}).Decode(&d); err != nil {
		return submissionDoc{}, fail(err, "load submission %s/%s", period, school)
	}
	return d, nil
}

// Submissions returns every school's latest submission for a period, sorted by school.
func (s *Store) Submissions(ctx context.Context, period string) ([]domain.Submission, error) {
	return findAll[domain.Submission](ctx, s.c(colSubmissions), bson.M{"period": period}, "submissions of "+period,
		options.Find().SetSort(bson.D{{Key: "school", Value: 1}}))
}

// SubmittedSchools returns the set of school codes that submitted for a period. The query
// is covered by the index on period and school. (Not distinct: FerretDB, which the tests
// use, refuses the maxTimeMS the driver adds to it.)
func (s *Store) SubmittedSchools(ctx context.Context, period string) (map[string]bool, error) {
	docs, err := findAll[struct {
		School string `bson:"school"`
	}](ctx, s.c(colSubmissions), bson.M{"period": period}, "submitted schools of "+period,
		options.Find().SetProjection(bson.M{"_id": 0, "school": 1}))
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(docs))
	for _, d := range docs {
		out[d.School] = true
	}
	return out, nil
}
