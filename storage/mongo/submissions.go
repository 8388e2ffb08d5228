package mongo

import (
	"context"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

const colSubmissions = "submissions"

func init() {
	addIndexes(colSubmissions, idx(false, "period", "school"))
}

// Submission returns a school's submission for a period, or domain.ErrNotFound.
func (s *Store) Submission(ctx context.Context, period, school string) (domain.Submission, error) {
	var sub domain.Submission
	err := s.c(colSubmissions).FindOne(ctx, bson.M{"_id": domain.SubmissionID(period, school)}).Decode(&sub)
	if notFound(err) {
		return domain.Submission{}, domain.ErrNotFound
	}
	if err != nil {
		return domain.Submission{}, fmt.Errorf("load submission %s/%s: %w", period, school, err)
	}
	return sub, nil
}

// Submissions returns every school's latest submission for a period, sorted by school.
func (s *Store) Submissions(ctx context.Context, period string) ([]domain.Submission, error) {
	return findAll[domain.Submission](ctx, s.c(colSubmissions), bson.M{"period": period}, "submissions of "+period,
		options.Find().SetSort(bson.D{{Key: "school", Value: 1}}))
}

// SubmittedSchools returns the set of school codes that submitted for a period.
func (s *Store) SubmittedSchools(ctx context.Context, period string) (map[string]bool, error) {
	cur, err := s.c(colSubmissions).Find(ctx, bson.M{"period": period}, options.Find().SetProjection(bson.M{"school": 1}))
	if err != nil {
		return nil, fmt.Errorf("list submitted schools of %s: %w", period, err)
	}
	var docs []struct {
		School string `bson:"school"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read submitted schools of %s: %w", period, err)
	}
	out := make(map[string]bool, len(docs))
	for _, d := range docs {
		out[d.School] = true
	}
	return out, nil
}

// Submit stores sub as the school's latest submission (its ID is set from Period and
// School). The first call inserts revision 1 with FirstAt = SubmittedAt. Later calls set
// the answers, questionnaire version, sender and Reopened, add one to Revision and keep
// FirstAt and Late, which describe the first submission. It returns the stored submission.
func (s *Store) Submit(ctx context.Context, sub domain.Submission) (domain.Submission, error) {
	sub.ID = domain.SubmissionID(sub.Period, sub.School)
	if sub.SubmittedAt.IsZero() {
		sub.SubmittedAt = s.now().UTC()
	}
	first := sub
	first.Revision, first.FirstAt = 1, sub.SubmittedAt
	_, err := s.c(colSubmissions).InsertOne(ctx, first)
	if err == nil {
		return first, nil
	}
	if !isDup(err) {
		return domain.Submission{}, fmt.Errorf("submit %s: %w", sub.ID, err)
	}
	var out domain.Submission
	err = s.c(colSubmissions).FindOneAndUpdate(ctx, bson.M{"_id": sub.ID}, bson.M{
		"$set": bson.M{
			"answers": sub.Answers, "questionnaire": sub.Questionnaire,
			"submitted_by": sub.SubmittedBy, "submitter_name": sub.SubmitterName,
			"by_officer": sub.ByOfficer, "submitted_at": sub.SubmittedAt, "reopened": sub.Reopened,
		},
		"$inc": bson.M{"revision": 1},
	}, options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&out)
	if err != nil {
		return domain.Submission{}, fmt.Errorf("revise submission %s: %w", sub.ID, err)
	}
	return out, nil
}
