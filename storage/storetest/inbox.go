package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
)

func mustStoreUpdate(tb testing.TB, e *env, updateID, chat int64, raw string) bool {
	tb.Helper()
	created, err := e.s.StoreUpdate(e.ctx, updateID, chat, []byte(raw))
	mustDo(tb, "StoreUpdate", err)
	return created
}

func pendingIDs(tb testing.TB, e *env, after string, limit int) []int64 {
	tb.Helper()
	got := try(e.s.PendingUpdates(e.ctx, after, limit)).must(tb)
	ids := []int64{}
	for _, u := range got {
		ids = append(ids, u.UpdateID)
	}
	return ids
}

func inboxCases() []testCase {
	return []testCase{
		{name: "StoreUpdate/stored once, pending in update order", run: func(t *testing.T, e *env) {
			for _, id := range []int64{1000, 9, 42} {
				if !mustStoreUpdate(t, e, id, -100123, `{"update_id":1}`) {
					t.Fatalf("StoreUpdate(%d) = false on first store", id)
				}
			}
			if mustStoreUpdate(t, e, 42, -100123, `{}`) {
				t.Error("StoreUpdate of an update already there = true, want false")
			}
			same(t, "pending order (numeric, not text order)", pendingIDs(t, e, "", 10), []int64{9, 42, 1000})
		}},
		{name: "StoreUpdate/fields round-trip", run: func(t *testing.T, e *env) {
			raw := `{"update_id":77,"message":{"text":"Chào thầy 👋 {\"$gt\": \"\"} $set","chat":{"id":-1001987654321}}}`
			mustStoreUpdate(t, e, 77, -1001987654321, raw)
			got := try(e.s.PendingUpdates(e.ctx, "", 10)).must(t)
			if len(got) != 1 {
				t.Fatalf("pending = %+v, want one update", got)
			}
			same(t, "stored update", got[0], domain.NewInboxUpdate(77, -1001987654321, []byte(raw), Start))
			wantUTC(t, "Received", got[0].Received)
		}},
		{name: "PendingUpdates/after and limit", run: func(t *testing.T, e *env) {
			for _, id := range []int64{5, 6, 7, 8} {
				mustStoreUpdate(t, e, id, 1, `{}`)
			}
			same(t, "first two", pendingIDs(t, e, "", 2), []int64{5, 6})
			same(t, "after 6", pendingIDs(t, e, domain.InboxID(6), 10), []int64{7, 8})
			same(t, "after the last", pendingIDs(t, e, domain.InboxID(8), 10), []int64{})
			same(t, "one after 5", pendingIDs(t, e, domain.InboxID(5), 1), []int64{6})
		}},
		{name: "PendingUpdates/empty inbox", run: func(t *testing.T, e *env) {
			if got := try(e.s.PendingUpdates(e.ctx, "", 10)).must(t); len(got) != 0 {
				t.Errorf("pending in an empty store = %+v", got)
			}
		}},
		{name: "MarkUpdate/done, tried and failed", run: func(t *testing.T, e *env) {
			for _, id := range []int64{1, 2, 3} {
				mustStoreUpdate(t, e, id, 5, `{}`)
			}
			mustDo(t, "MarkUpdateDone", e.s.MarkUpdateDone(e.ctx, 1))
			for want := 1; want <= 2; want++ {
				n, err := e.s.MarkUpdateTried(e.ctx, 2, errors.New("boom"))
				if err != nil || n != want {
					t.Fatalf("MarkUpdateTried = %d, %v; want %d", n, err, want)
				}
			}
			mustDo(t, "MarkUpdateFailed", e.s.MarkUpdateFailed(e.ctx, 3, errors.New("gave up")))
			got := try(e.s.PendingUpdates(e.ctx, "", 10)).must(t)
			if len(got) != 1 || got[0].UpdateID != 2 || got[0].Tries != 2 || got[0].Error != "boom" || got[0].State != domain.UpdateNew {
				t.Fatalf("pending = %+v; want only update 2, 2 tries, error boom", got)
			}
			for _, id := range []int64{1, 3} {
				if mustStoreUpdate(t, e, id, 5, `{}`) {
					t.Errorf("update %d, handled or failed, was stored again", id)
				}
			}
		}},
		{name: "PruneUpdates/by the end of handling", run: func(t *testing.T, e *env) {
			for _, id := range []int64{1, 2, 3} {
				mustStoreUpdate(t, e, id, 5, `{}`)
			}
			mustDo(t, "MarkUpdateDone", e.s.MarkUpdateDone(e.ctx, 1))
			e.clock.Advance(time.Hour)
			mustDo(t, "MarkUpdateFailed", e.s.MarkUpdateFailed(e.ctx, 3, errors.New("gave up")))
			if n, err := e.s.PruneUpdates(e.ctx, Start); err != nil || n != 0 {
				t.Errorf("PruneUpdates(at the first handling) = %d, %v; want 0 (strictly before)", n, err)
			}
			if n, err := e.s.PruneUpdates(e.ctx, Start.Add(30*time.Minute)); err != nil || n != 1 {
				t.Errorf("PruneUpdates(+30 min) = %d, %v; want 1 (the done one)", n, err)
			}
			if n, err := e.s.PruneUpdates(e.ctx, Start.Add(2*time.Hour)); err != nil || n != 1 {
				t.Errorf("PruneUpdates(+2 h) = %d, %v; want 1 (the failed one)", n, err)
			}
			same(t, "pending after pruning", pendingIDs(t, e, "", 10), []int64{2})
			if !mustStoreUpdate(t, e, 1, 5, `{}`) {
				t.Error("a pruned update is still remembered")
			}
		}},
		{name: "DeleteUpdate and PruneConfirmed", run: func(t *testing.T, e *env) {
			for _, id := range []int64{1, 2, 3, 4} {
				mustStoreUpdate(t, e, id, 5, `{}`)
			}
			mustDo(t, "DeleteUpdate", e.s.DeleteUpdate(e.ctx, 1))
			mustDo(t, "MarkUpdateDone", e.s.MarkUpdateDone(e.ctx, 2))
			mustDo(t, "MarkUpdateDone", e.s.MarkUpdateDone(e.ctx, 4))
			if n, err := e.s.PruneConfirmed(e.ctx, 4); err != nil || n != 1 {
				t.Fatalf("PruneConfirmed(4) = %d, %v; want 1 (update 2; 3 is pending, 4 not below)", n, err)
			}
			same(t, "pending", pendingIDs(t, e, "", 10), []int64{3})
			if mustStoreUpdate(t, e, 4, 5, `{}`) {
				t.Error("a done update not yet confirmed was stored again")
			}
			if !mustStoreUpdate(t, e, 2, 5, `{}`) || !mustStoreUpdate(t, e, 1, 5, `{}`) {
				t.Error("a pruned or deleted update is still remembered")
			}
		}},
	}
}
