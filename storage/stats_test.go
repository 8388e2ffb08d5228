package storage_test

import (
	"context"
	"testing"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/storagetest"
)

func TestStore_CollectionCounts(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, nil)
	for id := int64(1); id <= 3; id++ {
		if _, err := s.StoreUpdate(ctx, id, 42, []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.TouchUser(ctx, domain.User{ID: 42, Name: "Nguyễn Thị Lan"}, true); err != nil {
		t.Fatal(err)
	}
	got, err := s.CollectionCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Collections other features create (empty, with their indexes) may appear with 0.
	want := map[string]int64{"updates": 3, "users": 1}
	for name, n := range got {
		if n != want[name] {
			t.Errorf("%s: %d documents, want %d", name, n, want[name])
		}
	}
	for name := range want {
		if _, ok := got[name]; !ok {
			t.Errorf("%s missing from %v", name, got)
		}
	}
}
