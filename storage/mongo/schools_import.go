package mongo

import (
	"context"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// ImportSchools adds the new schools and updates existing ones by code; schools not in the
// list are left alone, and an existing school keeps its active flag. With keepPhones (the
// file had no phones column) stored phone numbers stay as they are.
//
// Every school is checked before anything is written, so a bad list writes nothing. The
// writes are bulk upserts (a round trip per 500 schools), in one transaction on a replica
// set; on a standalone server a failure midway leaves some schools written, and running the
// same import again finishes it (an import is idempotent).
func (s *Store) ImportSchools(ctx context.Context, schools []domain.School, keepPhones bool) (domain.ImportResult, error) {
	if _, _, err := domain.PlanImport(nil, schools, keepPhones); err != nil {
		return domain.ImportResult{}, err // a bad list writes nothing
	}
	var res domain.ImportResult
	err := s.inTxn(ctx, func(ctx context.Context) error {
		existing, err := s.Schools(ctx)
		if err != nil {
			return err
		}
		plan, r, err := domain.PlanImport(existing, schools, keepPhones)
		if err != nil {
			return err
		}
		res = r
		models := make([]mongo.WriteModel, 0, len(plan))
		for _, c := range plan {
			models = append(models, s.importModel(c.School, !c.New))
		}
		return s.bulk(ctx, colSchools, models)
	})
	return res, err
}

// importModel is the upsert of one imported school: a new one active, an existing one
// with its active flag and creation time untouched.
func (s *Store) importModel(sc domain.School, had bool) mongo.WriteModel {
	now := s.now()
	phones := sc.Phones
	if phones == nil {
		phones = []string{}
	}
	set := bson.M{"name": sc.Name, "level": sc.Level, "commune": sc.Commune, "phones": phones, "updated": now}
	onInsert := bson.M{"created": now, "active": true}
	if had {
		onInsert = bson.M{"created": now}
	}
	return mongo.NewUpdateOneModel().SetFilter(bson.M{"_id": sc.Code}).
		SetUpdate(bson.M{"$set": set, "$setOnInsert": onInsert}).SetUpsert(true)
}
