package mongo

import (
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/mongo/mongotest"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestStore_indexedQueries checks with explain that MongoDB answers every query of the
// engine that is not by _id from an index, never by scanning a collection that grows.
func TestStore_indexedQueries(t *testing.T) {
	if mongotest.Real() == "" {
		t.Skip("query plans are MongoDB's own: set TEST_MONGODB_URI (FerretDB's plans say nothing about MongoDB's)")
	}
	s, _ := mustStore(t, nil)
	ctx := ctxT(t)
	now := time.Now().UTC()
	queries := []struct {
		name, col    string
		filter, sort bson.D
	}{
		{"PendingUpdates", colUpdates, bson.D{{Key: "state", Value: domain.UpdateNew}, {Key: "_id", Value: bson.M{"$gt": ""}}}, bson.D{{Key: "_id", Value: 1}}},
		{"PruneConfirmed", colUpdates, bson.D{{Key: "state", Value: domain.UpdateDone}, {Key: "uid", Value: bson.M{"$lt": 5}}}, nil},
		{"PruneUpdates", colUpdates, bson.D{{Key: "state", Value: bson.M{"$in": bson.A{domain.UpdateDone, domain.UpdateFailed}}}, {Key: "handled", Value: bson.M{"$lt": now}}}, nil},
		{"ForgetUser updates", colUpdates, bson.D{{Key: "chat", Value: int64(7)}, {Key: "state", Value: bson.M{"$ne": domain.UpdateNew}}}, nil},
		{"DueOutbox", colOutbox, bson.D{{Key: "state", Value: domain.OutboxQueued}, {Key: "not_before", Value: bson.M{"$lte": now}}}, bson.D{{Key: "created", Value: 1}, {Key: "_id", Value: 1}}},
		{"OutboxBatch", colOutbox, bson.D{{Key: "batch", Value: "b"}}, bson.D{{Key: "_id", Value: 1}}},
		{"OutboxByState", colOutbox, bson.D{{Key: "state", Value: domain.OutboxUnknown}}, bson.D{{Key: "updated", Value: -1}, {Key: "_id", Value: 1}}},
		{"PruneOutbox", colOutbox, bson.D{{Key: "state", Value: bson.M{"$in": bson.A{domain.OutboxSent, domain.OutboxFailed, domain.OutboxUnknown}}}, {Key: "updated", Value: bson.M{"$lt": now}}}, nil},
		{"Reporters", colUsers, bson.D{{Key: "school", Value: "TH-A"}}, bson.D{{Key: "linked_at", Value: 1}, {Key: "_id", Value: 1}}},
		{"AllReporters", colUsers, bson.D{{Key: "school", Value: bson.M{"$gt": ""}}}, bson.D{{Key: "linked_at", Value: 1}, {Key: "_id", Value: 1}}},
		{"PruneStrangers", colUsers, bson.D{{Key: "school", Value: bson.M{"$in": bson.A{nil, ""}}}, {Key: "seen", Value: bson.M{"$lt": now}}}, nil},
		{"SchoolsByPhone", colSchools, bson.D{{Key: "phones", Value: "0912345678"}}, bson.D{{Key: "_id", Value: 1}}},
		{"DeleteOldInvites", colInvites, bson.D{{Key: "expires", Value: bson.M{"$lt": now}}}, nil},
		{"ForgetUser invites", colInvites, bson.D{{Key: "used_by", Value: int64(7)}}, nil},
		{"RecentAudit", colAudit, bson.D{}, bson.D{{Key: "at", Value: -1}, {Key: "_id", Value: -1}}},
		{"PruneAudit", colAudit, bson.D{{Key: "at", Value: bson.M{"$lt": now}}}, nil},
		{"ForgetUser audit", colAudit, bson.D{{Key: "user_id", Value: int64(7)}}, nil},
		{"Submissions", colSubmissions, bson.D{{Key: "period", Value: "2026-H1"}}, bson.D{{Key: "school", Value: 1}}},
		{"Drafts", colDrafts, bson.D{{Key: "period", Value: "2026-H1"}}, bson.D{{Key: "school", Value: 1}}},
		{"Revisions", colRevisions, bson.D{{Key: "period", Value: "2026-H1"}, {Key: "school", Value: "TH-A"}, {Key: "revision", Value: bson.M{"$lte": 3}}}, bson.D{{Key: "revision", Value: 1}}},
	}
	for _, q := range queries {
		t.Run(q.name, func(t *testing.T) {
			find := bson.D{{Key: "find", Value: q.col}, {Key: "filter", Value: q.filter}}
			if q.sort != nil {
				find = append(find, bson.E{Key: "sort", Value: q.sort})
			}
			if q.name == "RecentAudit" {
				find = append(find, bson.E{Key: "limit", Value: 10})
			}
			var res bson.Raw
			err := s.db.RunCommand(ctx, bson.D{{Key: "explain", Value: find}, {Key: "verbosity", Value: "queryPlanner"}}).Decode(&res)
			if err != nil {
				t.Fatalf("explain: %v", err)
			}
			plan := res.Lookup("queryPlanner").String()
			if strings.Contains(plan, "COLLSCAN") || !strings.Contains(plan, "IXSCAN") {
				t.Errorf("%s on %s is not answered from an index: %s", q.name, q.col, plan)
			}
		})
	}
}
