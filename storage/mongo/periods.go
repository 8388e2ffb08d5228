package mongo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// Collections of the reporting periods and of every questionnaire version a period pinned.
const (
	colPeriods        = backup.ColPeriods
	colQuestionnaires = backup.ColQuestionnaires
)

// PinPeriod returns the period p as stored, storing it first if it is not: the first call
// pins q's version to the period (and keeps q's content under that version), later calls
// return the version pinned then whatever q is now. Create-once through insert and the
// duplicate key, so two callers at once agree on one version.
func (s *Store) PinPeriod(ctx context.Context, p domain.Period, q *domain.Questionnaire) (domain.Period, error) {
	if got, err := s.Period(ctx, p.ID); err == nil {
		return got, nil
	} else if !errors.Is(err, domain.ErrNotFound) {
		return domain.Period{}, err
	}
	if err := s.SaveQuestionnaire(ctx, q); err != nil {
		return domain.Period{}, err
	}
	p.Questionnaire = q.Version()
	_, err := s.c(colPeriods).InsertOne(ctx, backup.Period{Period: p, Pinned: s.now()})
	if err != nil && !isDup(err) {
		return domain.Period{}, fail(err, "pin period %s", p.ID)
	}
	return s.Period(ctx, p.ID)
}

// Period returns a stored period, or domain.ErrNotFound when it has not opened yet.
func (s *Store) Period(ctx context.Context, id string) (domain.Period, error) {
	d, err := s.periodDoc(ctx, id)
	return d.Period, err
}

func (s *Store) periodDoc(ctx context.Context, id string) (backup.Period, error) {
	var d backup.Period
	if err := s.c(colPeriods).FindOne(ctx, bson.M{"_id": id}).Decode(&d); err != nil {
		return backup.Period{}, fail(err, "load period %s", id)
	}
	return d, nil
}

// SaveQuestionnaire keeps q's content under its version. Create-once: a version already
// kept is left as it is (same version, same content).
func (s *Store) SaveQuestionnaire(ctx context.Context, q *domain.Questionnaire) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(q); err != nil {
		return fmt.Errorf("encode questionnaire %s: %w", q.Version(), err)
	}
	doc := backup.Questionnaire{ID: q.Version(), Content: buf.String(), Saved: s.now()}
	if _, err := s.c(colQuestionnaires).InsertOne(ctx, doc); err != nil && !isDup(err) {
		return fail(err, "save questionnaire %s", doc.ID)
	}
	return nil
}

// Questionnaire returns the questionnaire kept under version, or domain.ErrNotFound. The
// content is validated again and must still hash to version.
func (s *Store) Questionnaire(ctx context.Context, version string) (*domain.Questionnaire, error) {
	var d backup.Questionnaire
	if err := s.c(colQuestionnaires).FindOne(ctx, bson.M{"_id": version}).Decode(&d); err != nil {
		return nil, fail(err, "load questionnaire %s", version)
	}
	return domain.DecodeStoredQuestionnaire(version, d.Content)
}

// Reopen lets a school enter and send its report for a stored period again whatever the
// dates, until EndReopen. It returns domain.ErrNotFound when the period is not stored.
func (s *Store) Reopen(ctx context.Context, periodID, school string, by int64) error {
	if !safeField(school) {
		return fmt.Errorf("reopen %s: bad school code %q", periodID, school)
	}
	res, err := s.c(colPeriods).UpdateOne(ctx, bson.M{"_id": periodID},
		bson.M{"$set": bson.M{"reopened." + school: backup.ReopenGrant{By: by, At: s.now()}}})
	if err != nil {
		return fail(err, "reopen %s for %s", periodID, school)
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("reopen %s for %s: %w", periodID, school, domain.ErrNotFound)
	}
	return nil
}

// EndReopen withdraws a school's reopening of a period (after it sent again). Ending one
// that does not exist is not an error.
func (s *Store) EndReopen(ctx context.Context, periodID, school string) error {
	if !safeField(school) {
		return fmt.Errorf("end reopen %s: bad school code %q", periodID, school)
	}
	_, err := s.c(colPeriods).UpdateOne(ctx, bson.M{"_id": periodID}, bson.M{"$unset": bson.M{"reopened." + school: ""}})
	if err != nil {
		return fail(err, "end reopen %s for %s", periodID, school)
	}
	return nil
}

// Reopened reports whether an officer reopened the school's report for the period. A
// period not stored yet has no reopened schools.
func (s *Store) Reopened(ctx context.Context, periodID, school string) (bool, error) {
	d, err := s.periodDoc(ctx, periodID)
	if errors.Is(err, domain.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	_, ok := d.Reopened[school]
	return ok, nil
}
