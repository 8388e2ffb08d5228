package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// tables are the collections of storage/backup that the engine keeps, each in the table of
// that name, in name order (the order of a backup). outbox_texts is not one: texts live in
// the outbox rows.
var tables = []string{
	backup.ColAttempts, backup.ColAudit, backup.ColBench, backup.ColChats, backup.ColDrafts, backup.ColGroups,
	backup.ColInvites, backup.ColLeases, backup.ColMeta, backup.ColOutbox, backup.ColPeriods, backup.ColQuestionnaires,
	backup.ColReturns, backup.ColRevisions, backup.ColSchools, backup.ColSettings, backup.ColSubmissions, backup.ColUpdates, backup.ColUsers,
}

// Counts returns the number of records per collection (backup names).
func (s *Store) Counts(ctx context.Context) (map[string]int64, error) {
	out := make(map[string]int64, len(tables))
	for _, t := range tables {
		var n int64
		if err := s.queryRow(ctx, `SELECT count(*) FROM "`+t+`"`).Scan(&n); err != nil {
			return nil, s.fail(ctx, "count "+t, err)
		}
		out[t] = n
	}
	return out, nil
}

// Dump writes a backup in storage/backup's format: every collection in name order, records
// in _id order, settings named with storage.SecretPrefix left out. It reads in one read
// transaction, so the backup is one moment of the store while the bot keeps writing. It
// returns the records written per collection.
func (s *Store) Dump(ctx context.Context, w io.Writer) (map[string]int, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.fail(ctx, "back up", err)
	}
	defer tx.Rollback()
	bw, err := backup.NewWriter(w, s.now())
	if err != nil {
		return nil, err
	}
	emit := func(col string) func(any) error {
		return func(doc any) error {
			raw, err := marshalSorted(doc)
			if err != nil {
				return fmt.Errorf("back up a record of %s: %w", col, err)
			}
			return bw.Write(col, raw)
		}
	}
	for _, col := range tables {
		if err := dumpers[col](ctx, tx, emit(col)); err != nil {
			return nil, s.fail(ctx, "back up "+col, err)
		}
	}
	counts, err := bw.Close()
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// query runs a dump query and hands each row to f.
func query(ctx context.Context, tx *sql.Tx, q string, f func(sc interface{ Scan(...any) error }) error) error {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// dumpOf dumps a table whose records are read by scan and written as they are.
func dumpOf[T any](q string, scan func(interface{ Scan(...any) error }) (T, error)) func(context.Context, *sql.Tx, func(any) error) error {
	return func(ctx context.Context, tx *sql.Tx, emit func(any) error) error {
		return query(ctx, tx, q, func(sc interface{ Scan(...any) error }) error {
			v, err := scan(sc)
			if err != nil {
				return err
			}
			return emit(v)
		})
	}
}

func idText(n int64) string { return strconv.FormatInt(n, 10) }

// dumpers write each collection's records in the shapes of storage/backup. Numeric keys
// (users, chats, groups, attempts) are ordered as their string _ids are.
var dumpers = map[string]func(context.Context, *sql.Tx, func(any) error) error{
	backup.ColAttempts: dumpOf(`SELECT id, wrong, locked_until FROM attempts ORDER BY CAST(id AS TEXT)`,
		func(sc interface{ Scan(...any) error }) (backup.Attempt, error) {
			var id int64
			var wrong []int64
			a := backup.Attempt{Wrong: []time.Time{}}
			err := sc.Scan(&id, jsonOf(&wrong), at(&a.LockedUntil))
			a.ID = idText(id)
			for _, t := range wrong {
				a.Wrong = append(a.Wrong, time.UnixMilli(t).UTC())
			}
			return a, err
		}),
	backup.ColAudit: dumpOf(`SELECT `+auditCols+` FROM audit ORDER BY id`, scanAudit),
	backup.ColBench: dumpOf(`SELECT id, n FROM bench_counters ORDER BY id`, func(sc interface{ Scan(...any) error }) (backup.Counter, error) {
		var c backup.Counter
		return c, sc.Scan(&c.ID, &c.N)
	}),
	backup.ColChats: dumpOf(`SELECT id, flow FROM chats ORDER BY CAST(id AS TEXT)`, func(sc interface{ Scan(...any) error }) (backup.Chat, error) {
		var id int64
		var flow *domain.ChatFlow
		err := sc.Scan(&id, jsonOf(&flow))
		return backup.Chat{ID: idText(id), Flow: flow}, err
	}),
	backup.ColDrafts: dumpOf(`SELECT `+draftCols+` FROM drafts ORDER BY id`, scanDraft),
	backup.ColGroups: dumpOf(`SELECT `+groupCols+` FROM "groups" ORDER BY CAST(id AS TEXT)`, func(sc interface{ Scan(...any) error }) (backup.Group, error) {
		g, err := scanGroup(sc)
		return backup.Group{ID: idText(g.ChatID), Group: g}, err
	}),
	backup.ColInvites: dumpOf(`SELECT id, school, created_by, created, expires, used, used_by, used_at FROM invites ORDER BY id`,
		func(sc interface{ Scan(...any) error }) (backup.Invite, error) {
			var i backup.Invite
			return i, sc.Scan(&i.ID, &i.School, &i.CreatedBy, at(&i.Created), at(&i.Expires), &i.Used, &i.UsedBy, at(&i.UsedAt))
		}),
	backup.ColLeases: dumpOf(`SELECT id, holder, expires FROM leases ORDER BY id`, func(sc interface{ Scan(...any) error }) (backup.Lease, error) {
		var l backup.Lease
		return l, sc.Scan(&l.ID, &l.Holder, at(&l.Expires))
	}),
	backup.ColMeta: dumpOf(`SELECT id, username, updated FROM meta ORDER BY id`, func(sc interface{ Scan(...any) error }) (backup.Meta, error) {
		var m backup.Meta
		return m, sc.Scan(&m.ID, &m.Username, at(&m.Updated))
	}),
	backup.ColOutbox:  dumpOf(`SELECT `+outboxCols+` FROM outbox ORDER BY id`, scanOutbox),
	backup.ColPeriods: dumpPeriods,
	backup.ColQuestionnaires: dumpOf(`SELECT id, content, saved FROM questionnaires ORDER BY id`,
		func(sc interface{ Scan(...any) error }) (backup.Questionnaire, error) {
			var q backup.Questionnaire
			return q, sc.Scan(&q.ID, &q.Content, at(&q.Saved))
		}),
	backup.ColReturns:   dumpOf(`SELECT `+returnCols+` FROM returns ORDER BY id`, scanReturn),
	backup.ColRevisions: dumpOf(`SELECT `+revisionCols+` FROM revisions ORDER BY id`, scanRevision),
	backup.ColSchools:   dumpOf(`SELECT `+schoolCols+` FROM schools ORDER BY id`, scanSchool),
	backup.ColSettings: func(ctx context.Context, tx *sql.Tx, emit func(any) error) error {
		return query(ctx, tx, `SELECT id, value FROM settings ORDER BY id`, func(sc interface{ Scan(...any) error }) error {
			var st backup.Setting
			if err := sc.Scan(&st.ID, &st.Value); err != nil || isSecret(st.ID) {
				return err
			}
			return emit(st)
		})
	},
	backup.ColSubmissions: dumpOf(`SELECT `+submissionCols+` FROM submissions ORDER BY id`, scanSubmission),
	backup.ColUpdates:     dumpOf(`SELECT `+updateCols+` FROM updates ORDER BY id`, scanUpdate),
	backup.ColUsers: dumpOf(`SELECT `+userCols+` FROM users ORDER BY CAST(id AS TEXT)`, func(sc interface{ Scan(...any) error }) (backup.User, error) {
		u, err := scanUser(sc)
		return backup.User{ID: idText(u.ID), User: u}, err
	}),
}

// dumpPeriods writes each period with the schools reopened in it.
func dumpPeriods(ctx context.Context, tx *sql.Tx, emit func(any) error) error {
	grants := map[string]map[string]backup.ReopenGrant{}
	err := query(ctx, tx, `SELECT period, school, reopened_by, reopened_at FROM period_reopened`, func(sc interface{ Scan(...any) error }) error {
		var period, school string
		var g backup.ReopenGrant
		if err := sc.Scan(&period, &school, &g.By, at(&g.At)); err != nil {
			return err
		}
		if grants[period] == nil {
			grants[period] = map[string]backup.ReopenGrant{}
		}
		grants[period][school] = g
		return nil
	})
	if err != nil {
		return err
	}
	return query(ctx, tx, `SELECT `+periodCols+`, pinned FROM periods ORDER BY id`, func(sc interface{ Scan(...any) error }) error {
		var p backup.Period
		if err := sc.Scan(&p.ID, &p.Kind, jsonOf(&p.Titles), &p.LastDay, at(&p.Opens), at(&p.DueAt), at(&p.Closes),
			&p.Questionnaire, docOf(&p.Period), at(&p.Pinned)); err != nil {
			return err
		}
		p.Reopened = grants[p.ID]
		return emit(p)
	})
}

// sortedMaps is the BSON registry of dumps: maps are written in key order, so the same
// store always gives the same backup.
var sortedMaps = func() *bson.Registry {
	r := bson.NewRegistry()
	r.RegisterKindEncoder(reflect.Map, bson.ValueEncoderFunc(encodeSortedMap))
	return r
}()

func encodeSortedMap(ec bson.EncodeContext, vw bson.ValueWriter, v reflect.Value) error {
	if v.IsNil() {
		return vw.WriteNull()
	}
	if v.Type().Key().Kind() != reflect.String {
		return fmt.Errorf("map key %s is not a string", v.Type().Key())
	}
	enc, err := ec.LookupEncoder(v.Type().Elem())
	if err != nil {
		return err
	}
	keys := v.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	dw, err := vw.WriteDocument()
	if err != nil {
		return err
	}
	for _, k := range keys {
		ew, err := dw.WriteDocumentElement(k.String())
		if err != nil {
			return err
		}
		if err := enc.EncodeValue(ec, ew, v.MapIndex(k)); err != nil {
			return err
		}
	}
	return dw.WriteDocumentEnd()
}

// marshalSorted encodes a record as BSON with its maps in key order.
func marshalSorted(doc any) (bson.Raw, error) {
	var buf bytes.Buffer
	enc := bson.NewEncoder(bson.NewDocumentWriter(&buf))
	enc.SetRegistry(sortedMaps)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return bson.Raw(buf.Bytes()), nil
}
