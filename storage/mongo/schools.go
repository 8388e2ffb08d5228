package mongo

import (
	"context"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colSchools = backup.ColSchools

func init() {
	addIndexes(colSchools, idx("phones")) // SchoolsByPhone
}

// School returns the school with the code, or domain.ErrNotFound.
func (s *Store) School(ctx context.Context, code string) (domain.School, error) {
	var sc domain.School
	if err := s.c(colSchools).FindOne(ctx, bson.M{"_id": code}).Decode(&sc); err != nil {
		return domain.School{}, fail(err, "load school %s", code)
	}
	return sc, nil
}

// Schools returns every school, active or not, ordered by code.
func (s *Store) Schools(ctx context.Context) ([]domain.School, error) {
	return findAll[domain.School](ctx, s.c(colSchools), bson.M{}, "schools", options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
}

// PutSchool creates or replaces a school by its code, keeping its creation time.
func (s *Store) PutSchool(ctx context.Context, sc domain.School) error {
	now := s.now()
	phones := sc.Phones
	if phones == nil {
		phones = []string{}
	}
	set := bson.M{"name": sc.Name, "level": sc.Level, "commune": sc.Commune, "phones": phones, "active": sc.Active, "updated": now}
	_, err := s.c(colSchools).UpdateOne(ctx, bson.M{"_id": sc.Code},
		bson.M{"$set": set, "$setOnInsert": bson.M{"created": now}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fail(err, "save school %s", sc.Code)
	}
	return nil
}

// SetSchoolActive activates or deactivates a school. A deactivated school stays in the
// history but is no longer asked to report. It returns domain.ErrNotFound for an unknown code.
func (s *Store) SetSchoolActive(ctx context.Context, code string, active bool) error {
	res, err := s.c(colSchools).UpdateOne(ctx, bson.M{"_id": code}, bson.M{"$set": bson.M{"active": active, "updated": s.now()}})
	if err != nil {
		return fail(err, "set school %s active=%v", code, active)
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("set school %s active=%v: %w", code, active, domain.ErrNotFound)
	}
	return nil
}

// SchoolsByPhone returns the schools, active or not, whose imported phone numbers include
// phone (normalised with domain.NormalizePhone), ordered by code.
func (s *Store) SchoolsByPhone(ctx context.Context, phone string) ([]domain.School, error) {
	return findAll[domain.School](ctx, s.c(colSchools), bson.M{"phones": phone}, "schools by phone",
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
}
