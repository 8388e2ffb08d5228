package mongo

import (
	"context"
	"fmt"
	"slices"

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
	seen := map[string]bool{}
	for _, sc := range schools {
		if c, err := domain.NormalizeSchoolCode(sc.Code); err != nil || c != sc.Code {
			return domain.ImportResult{}, fmt.Errorf("import schools: %w: %q", domain.ErrBadSchoolCode, sc.Code)
		}
		if _, err := domain.ParseLevel(string(sc.Level)); err != nil {
			return domain.ImportResult{}, fmt.Errorf("import school %s: %w", sc.Code, err)
		}
		if sc.Name == "" || seen[sc.Code] {
			return domain.ImportResult{}, fmt.Errorf("import school %s: empty name or listed twice", sc.Code)
		}
		seen[sc.Code] = true
	}
	var res domain.ImportResult
	err := s.inTxn(ctx, func(ctx context.Context) error {
		res = domain.ImportResult{}
		existing, err := s.Schools(ctx)
		if err != nil {
			return err
		}
		old := make(map[string]domain.School, len(existing))
		for _, sc := range existing {
			old[sc.Code] = sc
		}
		var models []mongo.WriteModel
		for _, sc := range schools {
			prev, had := old[sc.Code]
			if keepPhones {
				sc.Phones = prev.Phones
			}
			if had && sameSchool(prev, sc) {
				res.Unchanged++
				continue
			}
			models = append(models, s.importModel(sc, had))
			if had {
				res.Updated = append(res.Updated, sc.Code)
			} else {
				res.Added = append(res.Added, sc.Code)
			}
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

func sameSchool(a, b domain.School) bool {
	return a.Name == b.Name && a.Level == b.Level && a.Commune == b.Commune && slices.Equal(a.Phones, b.Phones)
}
