package scheduler_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/scheduler"
	"github.com/camgiang-edu/reportbot/storage"
)

// The district of these tests: three active schools and a closed one, reporters in both
// languages and one who never started the bot, a THCS group and a district-wide group.
const (
	lan, john, ha, old       = int64(201), int64(202), int64(203), int64(204)
	thcsGroup, districtGroup = int64(-100500), int64(-100600)
	laiCach, camDien, camVan = "THCS-LAICACH", "MN-CAMDIEN", "TH-CAMVAN"
	nameLaiCach, nameCamDien = "Trường THCS Lai Cách", "Trường Mầm non Cẩm Điền"
	nameCamVan               = "Trường Tiểu học Cẩm Văn"
)

// submitted stands in for the report conversation's submissions, which another feature
// stores: the scheduler reads them only through SubmittedSchools.
type submitted struct {
	storage.Store
	done map[string]map[string]bool
}

func (s submitted) SubmittedSchools(_ context.Context, period string) (map[string]bool, error) {
	return s.done[period], nil
}

// startDistrict starts the bot on 1 June 2026 (no reminder due) with the test district.
func startDistrict(t *testing.T, opts ...apptest.Option) *apptest.Harness {
	t.Helper()
	h := apptest.Start(t, append([]apptest.Option{apptest.WithTime(apptest.VN(2026, 6, 1, 9, 0))}, opts...)...)
	ctx := context.Background()
	st := h.App.Store
	for _, s := range []domain.School{
		{Code: laiCach, Name: nameLaiCach, Level: domain.LevelTHCS, Active: true},
		{Code: camDien, Name: nameCamDien, Level: domain.LevelMN, Active: true},
		{Code: camVan, Name: nameCamVan, Level: domain.LevelTH, Active: true},
		{Code: "THCS-CU", Name: "Trường THCS Cũ", Level: domain.LevelTHCS, Active: false},
	} {
		must(t, st.PutSchool(ctx, s))
	}
	for _, u := range []struct {
		id             int64
		name, lang, sc string
		started        bool
	}{
		{lan, "Lan", "vi", laiCach, true}, {john, "John", "en", camDien, true},
		{ha, "Hà", "vi", camVan, false}, {old, "Cũ", "vi", "THCS-CU", true},
	} {
		h.User(u.id, u.name, u.lang)
		if u.started {
			_, err := st.TouchUser(ctx, domain.User{ID: u.id, Name: u.name, TgLang: u.lang}, true)
			must(t, err)
		}
		_, err := st.LinkReporter(ctx, u.id, u.sc)
		must(t, err)
	}
	h.Officer()
	h.TG.Group(thcsGroup, "Hiệu trưởng THCS", false)
	h.TG.Group(districtGroup, "Hiệu trưởng toàn huyện", true)
	must(t, st.BindGroup(ctx, domain.Group{ChatID: thcsGroup, Title: "Hiệu trưởng THCS", Level: domain.LevelTHCS, BoundBy: apptest.Officer}))
	must(t, st.BindGroup(ctx, domain.Group{ChatID: districtGroup, Title: "Hiệu trưởng toàn huyện", BoundBy: apptest.Officer}))
	return h
}

// schedulerOf returns a second scheduler over the bot's store that sees done as the
// submissions.
func schedulerOf(h *apptest.Harness, done map[string]map[string]bool) *scheduler.Scheduler {
	s := *h.App.Reminders.Scheduler
	s.Store = submitted{Store: h.App.Store, done: done}
	return &s
}

// waitSent waits until the outbox holds nothing queued or sending.
func waitSent(t *testing.T, h *apptest.Harness) {
	t.Helper()
	h.App.Reminders.Dispatcher.Notify()
	deadline := time.Now().Add(60 * time.Second)
	for {
		// Polled gently: each query scans the outbox on the one connection the sender uses.
		q, err1 := h.App.Store.OutboxByState(context.Background(), domain.OutboxQueued, 1)
		s, err2 := h.App.Store.OutboxByState(context.Background(), domain.OutboxSending, 1)
		if err1 == nil && err2 == nil && len(q)+len(s) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("outbox not drained: %d queued, %d sending; Telegram got %d", len(q), len(s), len(h.TG.Sent()))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func TestScheduler_Check(t *testing.T) {
	all := func(codes ...string) map[string]map[string]bool {
		m := map[string]bool{}
		for _, c := range codes {
			m[c] = true
		}
		return map[string]map[string]bool{"2026-H1": m}
	}
	tests := []struct {
		name    string
		now     time.Time
		done    map[string]map[string]bool
		want    map[int64][]string // chat -> substrings of its one message
		silent  []int64            // chats that get nothing
		officer []string
	}{
		{
			name: "5June_d14", now: apptest.VN(2026, 6, 5, 8, 0),
			want: map[int64][]string{
				lan:           {"Báo cáo 6 tháng năm 2026", nameLaiCach, "thứ Sáu, 19/6", "còn 14 ngày", "/report"},
				john:          {"Six-month report 2026", nameCamDien, "Friday 19/6", "14 days left", "/report"},
				thcsGroup:     {"0/1 trường đã nộp; còn 14 ngày", nameLaiCach},
				districtGroup: {"0/3 trường đã nộp; còn 14 ngày", nameLaiCach, nameCamDien, nameCamVan},
			},
			silent:  []int64{ha, old},
			officer: []string{"0/3 trường đã nộp", "Không nhắn được (1)", "id 203 (" + nameCamVan + "): chưa mở bot"},
		},
		{
			name: "16June_d3_one_submitted", now: apptest.VN(2026, 6, 16, 8, 0), done: all(camDien),
			want: map[int64][]string{
				lan:           {"còn 3 ngày", "thứ Sáu, 19/6"},
				thcsGroup:     {"0/1 trường đã nộp; còn 3 ngày"},
				districtGroup: {"1/3 trường đã nộp; còn 3 ngày", nameLaiCach, nameCamVan},
			},
			silent:  []int64{john, ha, old},
			officer: []string{"1/3 trường đã nộp", "còn 3 ngày"},
		},
		{
			name: "19June_d0", now: apptest.VN(2026, 6, 19, 8, 0), done: all(camDien),
			want: map[int64][]string{
				lan:           {"hôm nay là ngày cuối"},
				districtGroup: {"1/3 trường đã nộp; hôm nay là ngày cuối"},
				thcsGroup:     {"0/1 trường đã nộp"},
			},
			silent:  []int64{john, ha},
			officer: []string{"1/3 trường đã nộp"},
		},
		{
			name: "23June_o2_one_missing", now: apptest.VN(2026, 6, 23, 8, 0), done: all(camDien, camVan),
			want: map[int64][]string{
				lan:           {"đã quá hạn 4 ngày", "nộp muộn", "/report"},
				thcsGroup:     {"0/1 trường đã nộp; đã quá hạn 4 ngày", nameLaiCach},
				districtGroup: {"2/3 trường đã nộp; đã quá hạn 4 ngày", nameLaiCach},
			},
			silent:  []int64{john, ha, old},
			officer: []string{"2/3 trường đã nộp"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := startDistrict(t)
			h.Clock.Set(tt.now)
			s := schedulerOf(h, tt.done)
			n, err := s.Check(context.Background(), tt.now)
			must(t, err)
			if n != len(tt.want)+1 {
				t.Errorf("Check queued %d messages, want %d", n, len(tt.want)+1)
			}
			if again, _ := s.Check(context.Background(), tt.now.Add(3*time.Hour)); again != 0 {
				t.Errorf("a second check the same day queued %d more", again)
			}
			waitSent(t, h)
			for chat, subs := range tt.want {
				msgs := h.TG.SentTo(chat)
				if len(msgs) != 1 {
					t.Fatalf("chat %d got %d messages, want 1", chat, len(msgs))
				}
				for _, sub := range subs {
					if !strings.Contains(msgs[0].Plain, sub) {
						t.Errorf("chat %d got %q, want %q in it", chat, msgs[0].Plain, sub)
					}
				}
				if strings.Contains(msgs[0].Plain, "@") {
					t.Errorf("chat %d: message mentions someone: %q", chat, msgs[0].Plain)
				}
			}
			if m := h.TG.SentTo(districtGroup); len(m) == 1 && len(tt.done["2026-H1"]) > 0 && strings.Contains(m[0].Plain, nameCamDien) {
				t.Errorf("the digest names a school that submitted: %q", m[0].Plain)
			}
			for _, chat := range tt.silent {
				if m := h.TG.SentTo(chat); len(m) != 0 {
					t.Errorf("chat %d got %q, want nothing", chat, m[0].Plain)
				}
			}
			off := h.TG.SentTo(apptest.Officer)
			if len(off) != 1 {
				t.Fatalf("officer got %d messages, want one digest", len(off))
			}
			for _, sub := range tt.officer {
				if !strings.Contains(off[0].Plain, sub) {
					t.Errorf("officer digest %q lacks %q", off[0].Plain, sub)
				}
			}
		})
	}
}

func TestScheduler_CheckQuietAndOffDays(t *testing.T) {
	h := startDistrict(t)
	s := schedulerOf(h, nil)
	for _, now := range []time.Time{
		apptest.VN(2026, 6, 5, 21, 30), // a stage day, in quiet hours
		apptest.VN(2026, 6, 5, 6, 59),
		apptest.VN(2026, 6, 6, 8, 0),  // Saturday: no stage
		apptest.VN(2026, 6, 10, 8, 0), // no stage
	} {
		if n, err := s.Check(context.Background(), now); err != nil || n != 0 {
			t.Errorf("Check(%v) = %d, %v; want nothing", now, n, err)
		}
	}
}

func TestScheduler_TwoSchedulersCreateEachReminderOnce(t *testing.T) {
	h := startDistrict(t)
	now := apptest.VN(2026, 6, 16, 8, 0)
	h.Clock.Set(now)
	a, b := schedulerOf(h, nil), schedulerOf(h, nil)
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i, s := range []*scheduler.Scheduler{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := s.Check(context.Background(), now)
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		}()
	}
	wg.Wait()
	// Lan, John, two groups and the officer.
	if counts[0]+counts[1] != 5 {
		t.Fatalf("two schedulers queued %v, want 5 in all", counts)
	}
	waitSent(t, h)
	for _, chat := range []int64{lan, john, thcsGroup, districtGroup, apptest.Officer} {
		if n := len(h.TG.SentTo(chat)); n != 1 {
			t.Errorf("chat %d got %d messages, want 1", chat, n)
		}
	}
}

func TestRunner_CatchUpAtStartUp(t *testing.T) {
	tests := []struct {
		name string
		now  time.Time
		want int // messages to Lan
	}{
		{"after_the_check_time", apptest.VN(2026, 6, 16, 9, 30), 1},
		{"before_the_check_time", apptest.VN(2026, 6, 16, 7, 30), 0},
		{"in_quiet_hours", apptest.VN(2026, 6, 16, 21, 30), 0},
		{"no_stage_today", apptest.VN(2026, 6, 15, 9, 30), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := startDistrict(t, apptest.WithReminderSchedule())
			h.Clock.Set(tt.now)
			h.Restart() // the bot was down at 08:00
			if tt.want > 0 {
				h.TG.User(lan, "", "").Expect(t, "còn 3 ngày")
				h.Restart() // a second start the same day sends nothing again
			}
			waitSent(t, h)
			if n := len(h.TG.SentTo(lan)); n != tt.want {
				t.Fatalf("Lan got %d reminders, want %d", n, tt.want)
			}
		})
	}
}
