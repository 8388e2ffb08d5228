package mongo

import (
	"context"
	"fmt"
	"strings"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colDrafts = backup.ColDrafts

func init() {
	addIndexes(colDrafts, idx("period", "school")) // Drafts
}

// Draft returns a school's draft for a period, or domain.ErrNotFound.
func (s *Store) Draft(ctx context.Context, period, school string) (domain.Draft, error) {
	var d domain.Draft
	if err := s.c(colDrafts).FindOne(ctx, bson.M{"_id": domain.SubmissionID(period, school)}).Decode(&d); err != nil {
		return domain.Draft{}, fail(err, "load draft %s/%s", period, school)
	}
	return d, nil
}

// Drafts returns every draft of a period, sorted by school.
func (s *Store) Drafts(ctx context.Context, period string) ([]domain.Draft, error) {
	return findAll[domain.Draft](ctx, s.c(colDrafts), bson.M{"period": period}, "drafts of "+period,
		options.Find().SetSort(bson.D{{Key: "school", Value: 1}}))
}

// OpenDraft creates the draft d (its ID is set from d.Period and d.School) unless the
// school already has one for the period, and returns the stored draft. Create-once: the
// first caller's questionnaire version and answers win; later callers get the stored draft.
func (s *Store) OpenDraft(ctx context.Context, d domain.Draft) (domain.Draft, error) {
	d.ID = domain.SubmissionID(d.Period, d.School)
	if d.Created.IsZero() {
		d.Created = s.now()
	}
	if d.Answers == nil {
		d.Answers = map[string]domain.Answer{}
	}
	for id := range d.Answers {
		if !safeField(id) {
			return domain.Draft{}, fmt.Errorf("open draft %s: bad question id %q", d.ID, id)
		}
	}
	_, err := s.c(colDrafts).InsertOne(ctx, d)
	if err != nil && !isDup(err) {
		return domain.Draft{}, fail(err, "open draft %s", d.ID)
	}
	return s.Draft(ctx, d.Period, d.School)
}

// ChangeAnswers sets some answers and drops others of a school's draft in one update of
// the one draft document (so a change and the answers it hides go together or not at all).
// Each set answer's At becomes now and its By the editor. It returns domain.ErrNotFound
// when the draft does not exist.
func (s *Store) ChangeAnswers(ctx context.Context, period, school string, set map[string]domain.Answer, drop []string, by int64, byName string) error {
	id := domain.SubmissionID(period, school)
	now := s.now()
	fields := bson.M{"edited_by": by, "editor_name": byName, "edited_at": now}
	for qid, a := range set {
		if !safeField(qid) {
			return fmt.Errorf("change draft %s: bad question id %q", id, qid)
		}
		a.At, a.By = now, by
		fields["answers."+qid] = a
	}
	update := bson.M{"$set": fields}
	if len(drop) > 0 {
		unset := bson.M{}
		for _, qid := range drop {
			if !safeField(qid) {
				return fmt.Errorf("change draft %s: bad question id %q", id, qid)
			}
			unset["answers."+qid] = ""
		}
		update["$unset"] = unset
	}
	res, err := s.c(colDrafts).UpdateOne(ctx, bson.M{"_id": id}, update)
	if err != nil {
		return fail(err, "change draft %s", id)
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("change draft %s: %w", id, domain.ErrNotFound)
	}
	return nil
}

// safeField reports whether a key can be a MongoDB field name on its own: no '.', no
// leading '$', not empty. Question ids and school codes are checked before they become
// part of a field path.
func safeField(k string) bool {
	return k != "" && !strings.ContainsAny(k, ".$\x00")
}
