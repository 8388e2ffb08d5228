package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
)

const schoolCols = "id, name, level, commune, phones, active, created, updated, doc"

var schoolKeys = keys("code", "name", "level", "commune", "phones", "active", "created", "updated")

func scanSchool(sc interface{ Scan(...any) error }) (domain.School, error) {
	var s domain.School
	err := sc.Scan(&s.Code, &s.Name, &s.Level, &s.Commune, jsonOf(&s.Phones), &s.Active, at(&s.Created), at(&s.Updated), docOf(&s))
	if len(s.Phones) == 0 {
		s.Phones = nil
	}
	return s, err
}

const qSchool = `SELECT ` + schoolCols + ` FROM schools WHERE id = ?`

// School returns the school with the code, or domain.ErrNotFound.
func (s *Store) School(ctx context.Context, code string) (domain.School, error) {
	sc, err := scanSchool(s.queryRow(ctx, qSchool, code))
	return sc, s.fail(ctx, "load school "+code, err)
}

// Schools returns every school, active or not, ordered by code.
func (s *Store) Schools(ctx context.Context) ([]domain.School, error) {
	return s.querySchools(ctx, "list schools", `SELECT `+schoolCols+` FROM schools ORDER BY id`)
}

const qSchoolsByPhone = `SELECT s.id, s.name, s.level, s.commune, s.phones, s.active, s.created, s.updated, s.doc
	FROM school_phones p JOIN schools s ON s.id = p.school WHERE p.phone = ? ORDER BY p.school`

// SchoolsByPhone returns the schools, active or not, whose register lists the phone
// (normalised with domain.NormalizePhone), ordered by code.
func (s *Store) SchoolsByPhone(ctx context.Context, phone string) ([]domain.School, error) {
	return s.querySchools(ctx, "find schools by phone", qSchoolsByPhone, phone)
}

func (s *Store) querySchools(ctx context.Context, what, query string, args ...any) ([]domain.School, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, s.fail(ctx, what, err)
	}
	out, err := collect(rows, scanSchool)
	return out, s.fail(ctx, what, err)
}

// PutSchool creates or replaces a school by its code, keeping its creation time.
func (s *Store) PutSchool(ctx context.Context, sc domain.School) error {
	now := msTime(s.now())
	sc.Created, sc.Updated = now, now
	return s.tx(ctx, "save school "+sc.Code, func(tx wtx) error {
		w, err := newSchoolWriter(ctx, tx, false)
		if err != nil {
			return err
		}
		defer w.close()
		return w.write(ctx, sc, true)
	})
}

// PutSchools creates or replaces schools by code in one transaction, Created and Updated as
// given (zero: now): seeding for tests, benchmarks and imports.
func (s *Store) PutSchools(ctx context.Context, schools []domain.School) error {
	now := msTime(s.now())
	return s.tx(ctx, fmt.Sprintf("put %d schools", len(schools)), func(tx wtx) error {
		w, err := newSchoolWriter(ctx, tx, true)
		if err != nil {
			return err
		}
		defer w.close()
		for _, sc := range schools {
			if sc.Created.IsZero() {
				sc.Created = now
			}
			if sc.Updated.IsZero() {
				sc.Updated = now
			}
			if err := w.write(ctx, sc, true); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetSchoolActive activates or deactivates a school; domain.ErrNotFound for an unknown code.
func (s *Store) SetSchoolActive(ctx context.Context, code string, active bool) error {
	n, err := s.exec(ctx, fmt.Sprintf("set school %s active=%v", code, active),
		`UPDATE schools SET active = ?, updated = ? WHERE id = ?`, active, s.now().UnixMilli(), code)
	if err == nil && n == 0 {
		return fmt.Errorf("set school %s active: %w", code, domain.ErrNotFound)
	}
	return err
}

// ImportSchools adds the new schools and updates existing ones by code in one transaction;
// schools not in the list are left alone and an existing school keeps its active flag and
// creation time. With keepPhones (the file had no phones column) stored phone numbers stay.
// Every school is checked before anything is written, so a bad list writes nothing. Its
// cost is linear in the rows: one read of the register, one prepared write per change.
func (s *Store) ImportSchools(ctx context.Context, schools []domain.School, keepPhones bool) (domain.ImportResult, error) {
	if _, _, err := domain.PlanImport(nil, schools, keepPhones); err != nil {
		return domain.ImportResult{}, err // a bad list writes nothing
	}
	now := msTime(s.now())
	var res domain.ImportResult
	err := s.tx(ctx, fmt.Sprintf("import %d schools", len(schools)), func(tx wtx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+schoolCols+` FROM schools`)
		if err != nil {
			return err
		}
		existing, err := collect(rows, scanSchool)
		if err != nil {
			return err
		}
		plan, r, err := domain.PlanImport(existing, schools, keepPhones)
		if err != nil {
			return err
		}
		res = r
		w, err := newSchoolWriter(ctx, tx, false)
		if err != nil {
			return err
		}
		defer w.close()
		for _, c := range plan {
			sc := c.School
			sc.Created, sc.Updated, sc.Active = now, now, true // Created and Active only for a new school
			if err := w.write(ctx, sc, c.New); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

// schoolWriter writes schools and their phone rows with statements prepared once.
type schoolWriter struct {
	upsert, delPhones, addPhone *sql.Stmt
}

// newSchoolWriter prepares the writes. replaceAll makes write store Created as given
// (PutSchools); otherwise an existing school keeps its creation time.
func newSchoolWriter(ctx context.Context, tx wtx, replaceAll bool) (*schoolWriter, error) {
	onConflict := `name = excluded.name, level = excluded.level, commune = excluded.commune, phones = excluded.phones,
		active = CASE WHEN ?10 THEN excluded.active ELSE active END, updated = excluded.updated, doc = excluded.doc`
	if replaceAll {
		onConflict += `, created = excluded.created`
	}
	w := &schoolWriter{}
	var err error
	if w.upsert, err = tx.PrepareContext(ctx, `INSERT INTO schools (`+schoolCols+`) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
		ON CONFLICT (id) DO UPDATE SET `+onConflict); err != nil {
		return nil, err
	}
	if w.delPhones, err = tx.PrepareContext(ctx, `DELETE FROM school_phones WHERE school = ?`); err != nil {
		w.close()
		return nil, err
	}
	if w.addPhone, err = tx.PrepareContext(ctx, `INSERT OR IGNORE INTO school_phones (phone, school) VALUES (?, ?)`); err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

// write stores sc; setActive says whether an existing school takes sc.Active (an import
// keeps the stored flag).
func (w *schoolWriter) write(ctx context.Context, sc domain.School, setActive bool) error {
	phones := sc.Phones
	if phones == nil {
		phones = []string{}
	}
	text, err := jsonText(phones)
	if err != nil {
		return err
	}
	doc, err := restDoc(sc, schoolKeys)
	if err != nil {
		return err
	}
	if _, err := w.upsert.ExecContext(ctx, sc.Code, sc.Name, string(sc.Level), sc.Commune, text, sc.Active,
		ms(sc.Created), ms(sc.Updated), doc, setActive); err != nil {
		return fmt.Errorf("school %s: %w", sc.Code, err)
	}
	if _, err := w.delPhones.ExecContext(ctx, sc.Code); err != nil {
		return err
	}
	for _, p := range phones {
		if _, err := w.addPhone.ExecContext(ctx, p, sc.Code); err != nil {
			return err
		}
	}
	return nil
}

func (w *schoolWriter) close() {
	for _, st := range []*sql.Stmt{w.upsert, w.delPhones, w.addPhone} {
		if st != nil {
			st.Close()
		}
	}
}
