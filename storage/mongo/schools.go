package mongo

import (
	"context"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

const colSchools = "schools"

func init() {
	addIndexes(colSchools, idx(false, "level", "_id"), idx(false, "phones"))
}

// School returns the school with the code, or domain.ErrNotFound.
func (s *Store) School(ctx context.Context, code string) (domain.School, error) {
	var sc domain.School
	err := s.c(colSchools).FindOne(ctx, bson.M{"_id": code}).Decode(&sc)
	if notFound(err) {
		return domain.School{}, domain.ErrNotFound
	}
	if err != nil {
		return domain.School{}, fmt.Errorf("load school %s: %w", code, err)
	}
	return sc, nil
}

// Schools returns every school, active or not, sorted by level then code.
func (s *Store) Schools(ctx context.Context) ([]domain.School, error) {
	return findAll[domain.School](ctx, s.c(colSchools), bson.M{}, "schools", options.Find().SetSort(bson.D{{Key: "level", Value: 1}, {Key: "_id", Value: 1}}))
}

// PutSchool creates or replaces a school by its code, keeping its creation time.
func (s *Store) PutSchool(ctx context.Context, sc domain.School) error {
	now := s.now().UTC()
	set := bson.M{"name": sc.Name, "level": sc.Level, "commune": sc.Commune, "phones": sc.Phones, "active": sc.Active, "updated": now}
	_, err := s.c(colSchools).UpdateOne(ctx, bson.M{"_id": sc.Code},
		bson.M{"$set": set, "$setOnInsert": bson.M{"created": now}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("save school %s: %w", sc.Code, err)
	}
	return nil
}

// SetSchoolActive activates or deactivates a school. A deactivated school stays in the
// history but is no longer asked to report. It returns domain.ErrNotFound for an unknown code.
func (s *Store) SetSchoolActive(ctx context.Context, code string, active bool) error {
	res, err := s.c(colSchools).UpdateOne(ctx, bson.M{"_id": code}, bson.M{"$set": bson.M{"active": active, "updated": s.now().UTC()}})
	if err != nil {
		return fmt.Errorf("set school %s active=%v: %w", code, active, err)
	}
	if res.MatchedCount == 0 {
		return domain.ErrNotFound
	}
	return nil
}
