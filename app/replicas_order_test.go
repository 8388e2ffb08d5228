package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/httpapi"
	"github.com/camgiang-edu/reportbot/storage/mongo/mongotest"
)

// orderQuestionnaire has eight numbers and a text, in one period open on the test's day:
// a principal who knows the order can type every answer without waiting for the questions.
const orderQuestionnaire = `
periods:
  one_off:
    - id: ORD
      titles: {vi: "Báo cáo thứ tự", en: "Order report"}
      last_day: "2026-06-30"
  open_days_before: 60
  close_days_after: 30
questionnaire:
  sections:
    - id: a
      title: {vi: "Phần A", en: "Part A"}
      questions:
%s        - {id: t, type: text, required: true, label: {vi: "Ghi chú", en: "Note"}}
`

// TestReplicas_TortureKeepsEachChatInOrder: two replicas in webhook mode, principals typing
// their answers one after another without waiting for the questions, each update posted to
// a replica chosen at random, and (on a real MongoDB) the active replica restarted half-way. Every answer must
// land on the question it was typed for: a chat's updates are handled in update_id order
// whichever replica received them.
func TestReplicas_TortureKeepsEachChatInOrder(t *testing.T) {
	if testing.Short() {
		t.Skip("replica torture: not in -short")
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("TORTURE_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	const principals, numbers = 6, 8
	t.Logf("seed %d (TORTURE_SEED repeats it), %d principals, %d answers each", seed, principals, numbers+1)

	var qs strings.Builder
	for i := range numbers {
		fmt.Fprintf(&qs, "        - {id: n%d, type: integer, required: true, min: 0, max: 100000, label: {vi: \"Số thứ %d\", en: \"Number %d\"}}\n", i, i, i)
	}
	cfg := filepath.Join(t.TempDir(), "order.yaml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(orderQuestionnaire, qs.String())), 0o600); err != nil {
		t.Fatal(err)
	}
	// On the in-process FerretDB (no TEST_MONGODB_URI) conditional updates are not atomic, so
	// two replicas renewing and trying the lease at once may both believe they hold it: there
	// the replicas try the lease seldom and the active one is not restarted mid-stream.
	ferret := mongotest.Real() == ""
	// The simulated principals number their updates before posting them; on a loaded test
	// machine one may post late, which Telegram never does for seconds: wait long enough.
	extra := []apptest.Option{apptest.WithEnv("REPORTBOT_CONFIG", cfg), apptest.WithGapWait(15 * time.Second)}
	if ferret {
		extra = append(extra, apptest.WithLease(time.Minute, 10*time.Second))
	}
	a, b, _, _ := startReplicas(t, extra...)
	ctx := context.Background()
	for i := range principals {
		code := fmt.Sprintf("TH-O%d", i)
		if err := a.App.Store.PutSchool(ctx, domain.School{Code: code, Name: "Trường " + code, Level: domain.LevelTH, Active: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.App.Store.LinkReporter(ctx, int64(900+i), code); err != nil {
			t.Fatal(err)
		}
	}

	var mu sync.Mutex // the replicas' addresses (a restart changes them) and the random source
	replica := func() string {
		mu.Lock()
		defer mu.Unlock()
		h := b
		if rng.IntN(2) == 0 {
			h = a
		}
		if h.App == nil {
			return ""
		}
		return h.App.HTTPAddr()
	}
	var wg sync.WaitGroup
	for i := range principals {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := a.User(int64(900+i), fmt.Sprintf("Hiệu trưởng %d", i), "vi")
			send := func(text string) {
				up := u.Send(text)
				for {
					if addr := replica(); addr != "" && tryPost(addr, replicaHook, replicaSecret, up) == 200 {
						return
					}
					time.Sleep(20 * time.Millisecond) // that replica is restarting: Telegram retries
				}
			}
			send("/report")
			time.Sleep(300 * time.Millisecond) // the first question is asked
			for q := range numbers {
				send(strconv.Itoa(1000*i + q))
			}
			send(fmt.Sprintf("Ghi chú của trường %d", i))
		}()
	}
	time.Sleep(150 * time.Millisecond)
	if !ferret {
		// The active replica goes away mid-stream; b takes over, a comes back standby.
		mu.Lock()
		a.Stop()
		mu.Unlock()
		time.Sleep(50 * time.Millisecond)
		mu.Lock()
		a.StartBot()
		mu.Unlock()
	}
	wg.Wait()

	for i := range principals {
		code := fmt.Sprintf("TH-O%d", i)
		var d domain.Draft
		deadline := time.Now().Add(30 * time.Second)
		for {
			var err error
			d, err = a.App.Store.Draft(ctx, "ORD", code)
			if err == nil && d.Answers["t"].Text != "" {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("%s: the note never arrived; draft %+v, %v", code, d.Answers, err)
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		for q := range numbers {
			got := d.Answers[fmt.Sprintf("n%d", q)]
			if got.Int == nil || *got.Int != int64(1000*i+q) {
				t.Errorf("%s: n%d = %s, typed %d", code, q, describeInt(got), 1000*i+q)
			}
		}
		if want := fmt.Sprintf("Ghi chú của trường %d", i); d.Answers["t"].Text != want {
			t.Errorf("%s: note %q, typed %q", code, d.Answers["t"].Text, want)
		}
	}
}

// tryPost posts an update to the webhook at addr and returns the status, 0 when nothing
// answers there (the replica is restarting).
func tryPost(addr, path, secret string, u any) int {
	body, err := json.Marshal(u)
	if err != nil {
		return 0
	}
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+path, bytes.NewReader(body))
	req.Header.Set(httpapi.SecretHeader, secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

func describeInt(a domain.Answer) string {
	if a.Int == nil {
		return "(none)"
	}
	return strconv.FormatInt(*a.Int, 10)
}
