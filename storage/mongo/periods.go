package mongo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/bson"
)

// Collections of the reporting periods and of every questionnaire version a period pinned.
const (
	colPeriods        = "periods"
	colQuestionnaires = "questionnaires"
)

// periodDoc is a period as stored once it opened: its dates, the questionnaire version
// pinned then, and the schools an officer reopened (school code -> grant).
type periodDoc struct {
	domain.Period `bson:",inline"`
	Pinned        time.Time              `bson:"pinned"`
	Reopened      map[string]reopenGrant `bson:"reopened,omitempty"`
}

type reopenGrant struct {
	By int64     `bson:"by"`
	At time.Time `bson:"at"`
}

// questionnaireDoc keeps one questionnaire version's content as JSON, keyed by version, so
// a period's questions can be read back after the configured questionnaire changed.
type questionnaireDoc struct {
	ID      string    `bson:"_id"` // Questionnaire.Version()
	Content string    `bson:"content"`
	Saved   time.Time `bson:"saved"`
}

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
	_, err := s.c(colPeriods).InsertOne(ctx, periodDoc{Period: p, Pinned: s.now().UTC()})
	if err != nil && !isDup(err) {
		return domain.Period{}, fmt.Errorf("pin period %s: %w", p.ID, err)
	}
	return s.Period(ctx, p.ID)
}

// Period returns a stored period, or domain.ErrNotFound when it has not opened yet.
func (s *Store) Period(ctx context.Context, id string) (domain.Period, error) {
	d, err := s.periodDoc(ctx, id)
	return d.Period, err
}

func (s *Store) periodDoc(ctx context.Context, id string) (periodDoc, error) {
	var d periodDoc
	err := s.c(colPeriods).FindOne(ctx, bson.M{"_id": id}).Decode(&d)
	if notFound(err) {
		return periodDoc{}, domain.ErrNotFound
	}
	if err != nil {
		return periodDoc{}, fmt.Errorf("load period %s: %w", id, err)
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
	doc := questionnaireDoc{ID: q.Version(), Content: buf.String(), Saved: s.now().UTC()}
	if _, err := s.c(colQuestionnaires).InsertOne(ctx, doc); err != nil && !isDup(err) {
		return fmt.Errorf("save questionnaire %s: %w", doc.ID, err)
	}
	return nil
}

// Questionnaire returns the questionnaire kept under version, or domain.ErrNotFound. The
// content is validated again and must still hash to version.
func (s *Store) Questionnaire(ctx context.Context, version string) (*domain.Questionnaire, error) {
	var d questionnaireDoc
	err := s.c(colQuestionnaires).FindOne(ctx, bson.M{"_id": version}).Decode(&d)
	if notFound(err) {
		return nil, domain.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("load questionnaire %s: %w", version, err)
	}
	q, err := domain.ParseQuestionnaire([]byte(d.Content)) // JSON is YAML
	if err != nil {
		return nil, fmt.Errorf("decode questionnaire %s: %w", version, err)
	}
	if q.Version() != version {
		return nil, fmt.Errorf("questionnaire %s reads back as version %s", version, q.Version())
	}
	return q, nil
}

// Reopen lets a school enter and send its report for a stored period again whatever the
// dates, until EndReopen. It returns domain.ErrNotFound when the period is not stored.
func (s *Store) Reopen(ctx context.Context, periodID, school string, by int64) error {
	if !safeField(school) {
		return fmt.Errorf("reopen %s: bad school code %q", periodID, school)
	}
	res, err := s.c(colPeriods).UpdateOne(ctx, bson.M{"_id": periodID},
		bson.M{"$set": bson.M{"reopened." + school: reopenGrant{By: by, At: s.now().UTC()}}})
	if err != nil {
		return fmt.Errorf("reopen %s for %s: %w", periodID, school, err)
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
		return fmt.Errorf("end reopen %s for %s: %w", periodID, school, err)
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
