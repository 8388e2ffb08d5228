package storage_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/storagetest"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newClock() *clock { return &clock{t: time.Date(2026, 6, 16, 1, 0, 0, 0, time.UTC)} }

var importList = []domain.School{
	{Code: "THCS-LAICACH", Name: "Trường THCS Lai Cách", Level: domain.LevelTHCS, Commune: "Lai Cách", Phones: []string{"0912345678"}, Active: true},
	{Code: "MN-CAMDIEN", Name: "Trường Mầm non Cẩm Điền", Level: domain.LevelMN, Commune: "Cẩm Điền", Active: true},
}

func TestStore_ImportSchools(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, nil)
	res, err := s.ImportSchools(ctx, importList, false)
	if err != nil || len(res.Added) != 2 || len(res.Updated) != 0 || res.Unchanged != 0 {
		t.Fatalf("first import = %+v, %v", res, err)
	}
	res, err = s.ImportSchools(ctx, importList, false)
	if err != nil || len(res.Added)+len(res.Updated) != 0 || res.Unchanged != 2 {
		t.Fatalf("second import = %+v, %v; want all unchanged", res, err)
	}
	if err := s.SetSchoolActive(ctx, "MN-CAMDIEN", false); err != nil {
		t.Fatal(err)
	}
	changed := []domain.School{importList[0], importList[1]}
	changed[1].Name = "Trường MN Cẩm Điền"
	changed[0].Phones = nil // a file without a phones column
	res, err = s.ImportSchools(ctx, changed, true)
	if err != nil || !reflect.DeepEqual(res.Updated, []string{"MN-CAMDIEN"}) || res.Unchanged != 1 {
		t.Fatalf("changed import = %+v, %v", res, err)
	}
	mn, _ := s.School(ctx, "MN-CAMDIEN")
	lc, _ := s.School(ctx, "THCS-LAICACH")
	if mn.Active || mn.Name != "Trường MN Cẩm Điền" || !reflect.DeepEqual(lc.Phones, []string{"0912345678"}) {
		t.Errorf("after import: %+v, %+v; want the deactivated school kept inactive and phones kept", mn, lc)
	}
	bad := append([]domain.School{{Code: "TH-NEW", Name: "Mới", Level: domain.LevelTH}}, importList[0], importList[0])
	if _, err := s.ImportSchools(ctx, bad, false); err == nil {
		t.Fatal("a list with a repeated code was imported")
	}
	if _, err := s.School(ctx, "TH-NEW"); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("a refused list wrote a school: %v", err)
	}
}

func TestStore_SchoolsByPhone(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, nil)
	if _, err := s.ImportSchools(ctx, importList, false); err != nil {
		t.Fatal(err)
	}
	got, err := s.SchoolsByPhone(ctx, "0912345678")
	if err != nil || len(got) != 1 || got[0].Code != "THCS-LAICACH" {
		t.Fatalf("SchoolsByPhone = %+v, %v", got, err)
	}
	if got, _ := s.SchoolsByPhone(ctx, "0987000000"); len(got) != 0 {
		t.Errorf("unknown phone matched %+v", got)
	}
}

func TestStore_Invites(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := storagetest.Open(t, c.Now)
	inv, err := s.CreateInvite(ctx, "THCS-LAICACH", 1001, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Code) < 10 || strings.Trim(inv.Code, domain.InviteAlphabet) != "" || !inv.Expires.Equal(c.Now().Add(14*24*time.Hour)) {
		t.Fatalf("invite = %+v", inv)
	}
	t.Run("stored only as a hash", func(t *testing.T) {
		docs, err := s.RawDocs(ctx, "invites")
		if err != nil || len(docs) != 1 {
			t.Fatalf("docs = %v, %v", docs, err)
		}
		if strings.Contains(strings.ToUpper(docs[0]), inv.Code) || !strings.Contains(docs[0], domain.InviteHash(inv.Code)) {
			t.Errorf("stored invite %s holds the code or lacks its hash", docs[0])
		}
	})
	t.Run("single use", func(t *testing.T) {
		typed := strings.ToLower(inv.Code[:4] + " " + inv.Code[4:])
		got, err := s.UseInvite(ctx, typed, 7)
		if err != nil || got.School != "THCS-LAICACH" {
			t.Fatalf("UseInvite = %+v, %v", got, err)
		}
		if _, err := s.UseInvite(ctx, inv.Code, 8); !errors.Is(err, domain.ErrInviteUsed) {
			t.Errorf("second user: %v, want ErrInviteUsed", err)
		}
		if got, err := s.UseInvite(ctx, inv.Code, 7); err != nil || got.School != "THCS-LAICACH" {
			t.Errorf("same user again (a retried update) = %+v, %v", got, err)
		}
	})
	t.Run("unknown", func(t *testing.T) {
		if _, err := s.UseInvite(ctx, "NOTACODE2345", 7); !errors.Is(err, domain.ErrInviteUnknown) {
			t.Errorf("unknown code: %v", err)
		}
	})
	t.Run("race", func(t *testing.T) {
		race, _ := s.CreateInvite(ctx, "MN-A", 1001, time.Hour)
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for u := int64(20); u < 28; u++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.UseInvite(ctx, race.Code, u); err == nil {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if wins != 1 {
			t.Errorf("%d users registered with one code", wins)
		}
	})
	t.Run("expired", func(t *testing.T) {
		old, _ := s.CreateInvite(ctx, "MN-B", 1001, time.Hour)
		c.Advance(time.Hour + time.Second)
		if _, err := s.UseInvite(ctx, old.Code, 9); !errors.Is(err, domain.ErrInviteExpired) {
			t.Errorf("expired code: %v", err)
		}
		c.Advance(15 * 24 * time.Hour)
		if n, err := s.DeleteOldInvites(ctx, c.Now()); err != nil || n != 3 {
			t.Errorf("DeleteOldInvites = %d, %v; want 3", n, err)
		}
	})
}

func TestStore_InviteUnregistered(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, nil)
	list := append([]domain.School{{Code: "TH-X", Name: "X", Level: domain.LevelTH}}, importList...)
	if _, err := s.ImportSchools(ctx, list, false); err != nil {
		t.Fatal(err)
	}
	_ = s.SetSchoolActive(ctx, "TH-X", false)
	if _, err := s.LinkReporter(ctx, 7, "THCS-LAICACH"); err != nil {
		t.Fatal(err)
	}
	got, err := s.InviteUnregistered(ctx, 0, time.Hour)
	if err != nil || len(got) != 1 || got[0].School != "MN-CAMDIEN" || got[0].Code == "" {
		t.Fatalf("InviteUnregistered = %+v, %v", got, err)
	}
}

func TestStore_WrongCode(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := storagetest.Open(t, c.Now)
	// Wrong codes spread over more than the window never lock.
	for i := 0; i < 6; i++ {
		if until, _, err := s.WrongCode(ctx, 7); err != nil || !until.IsZero() {
			t.Fatalf("slow wrong code %d: locked until %v, %v", i, until, err)
		}
		c.Advance(3 * time.Minute)
	}
	c.Advance(time.Hour)
	for i := 1; i <= storage.MaxWrongCodes; i++ {
		until, left, err := s.WrongCode(ctx, 7)
		if err != nil {
			t.Fatal(err)
		}
		if i < storage.MaxWrongCodes && (!until.IsZero() || left != storage.MaxWrongCodes-i) {
			t.Fatalf("wrong code %d: until %v, left %d", i, until, left)
		}
		if i == storage.MaxWrongCodes && !until.Equal(c.Now().Add(time.Hour)) {
			t.Fatalf("fifth wrong code: locked until %v", until)
		}
		c.Advance(time.Minute)
	}
	if until, err := s.CodeLock(ctx, 7); err != nil || until.IsZero() {
		t.Fatalf("CodeLock = %v, %v; want locked", until, err)
	}
	if until, _ := s.CodeLock(ctx, 8); !until.IsZero() {
		t.Errorf("another user is locked until %v", until)
	}
	c.Advance(time.Hour)
	if until, _ := s.CodeLock(ctx, 7); !until.IsZero() {
		t.Errorf("still locked after the hour: %v", until)
	}
	if err := s.ClearWrongCodes(ctx, 7); err != nil {
		t.Fatal(err)
	}
}

func TestStore_BotUsername(t *testing.T) {
	ctx := context.Background()
	s := storagetest.Open(t, nil)
	if name, err := s.BotUsername(ctx); err != nil || name != "" {
		t.Fatalf("before = %q, %v", name, err)
	}
	if err := s.SetBotUsername(ctx, "camgiang_bot"); err != nil {
		t.Fatal(err)
	}
	if name, _ := s.BotUsername(ctx); name != "camgiang_bot" {
		t.Errorf("BotUsername = %q", name)
	}
}
