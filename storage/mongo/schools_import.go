package mongo

import (
	"context"
	"fmt"
	"slices"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// ImportSchools adds the new schools and updates existing ones by code; schools not in the
// list are left alone, and an existing school keeps its active flag. With keepPhones (the
// file had no phones column) stored phone numbers stay as they are.
//
// Every school is checked before anything is written, so a bad list writes nothing. Each
// school is then one single-document write; if the store fails midway, running the same
// import again finishes it (an import is idempotent).
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
	existing, err := s.Schools(ctx)
	if err != nil {
		return domain.ImportResult{}, err
	}
	old := make(map[string]domain.School, len(existing))
	for _, sc := range existing {
		old[sc.Code] = sc
	}
	var res domain.ImportResult
	for _, sc := range schools {
		prev, had := old[sc.Code]
		if keepPhones {
			sc.Phones = prev.Phones
		}
		if had && sameSchool(prev, sc) {
			res.Unchanged++
			continue
		}
		if err := s.writeImported(ctx, sc, had); err != nil {
			return res, err
		}
		if had {
			res.Updated = append(res.Updated, sc.Code)
		} else {
			res.Added = append(res.Added, sc.Code)
		}
	}
	return res, nil
}

// writeImported stores one imported school: a new one active, an existing one with its
// active flag and creation time untouched.
func (s *Store) writeImported(ctx context.Context, sc domain.School, had bool) error {
	now := s.now().UTC()
	phones := sc.Phones
	if phones == nil {
		phones = []string{}
	}
	set := bson.M{"name": sc.Name, "level": sc.Level, "commune": sc.Commune, "phones": phones, "updated": now}
	onInsert := bson.M{"created": now, "active": true}
	if had {
		onInsert = bson.M{"created": now}
	}
	_, err := s.c(colSchools).UpdateOne(ctx, bson.M{"_id": sc.Code},
		bson.M{"$set": set, "$setOnInsert": onInsert}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("import school %s: %w", sc.Code, err)
	}
	return nil
}

func sameSchool(a, b domain.School) bool {
	return a.Name == b.Name && a.Level == b.Level && a.Commune == b.Commune && slices.Equal(a.Phones, b.Phones)
}

// SchoolsByPhone returns the schools, active or not, whose imported phone numbers include
// phone (normalised with domain.NormalizePhone).
func (s *Store) SchoolsByPhone(ctx context.Context, phone string) ([]domain.School, error) {
	return findAll[domain.School](ctx, s.c(colSchools), bson.M{"phones": phone}, "schools by phone", options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
}
