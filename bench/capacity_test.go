package bench

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/internal/tgtest"
	"github.com/camgiang-edu/reportbot/storage/storetest"
)

// loads are the steps of simulated people, each writing about once a second.
var loads = []int{10, 25, 50, 100, 150, 200, 300, 450, 600, 800, 1000}

const stepTime = 6 * time.Second

// target is one bot measured with the same script.
type target struct {
	name  string
	start func(b *testing.B, tg *tgtest.Server) (stop func())
	// chatters prepares n simulated people (registration, state) and returns them.
	chatters func(b *testing.B, tg *tgtest.Server, n int, tb *quietTB) []Chatter
}

func echoChatters(_ *testing.B, tg *tgtest.Server, n int, tb *quietTB) []Chatter {
	out := make([]Chatter, n)
	for i := range out {
		out[i] = &echoChatter{u: tg.User(int64(100000+i), fmt.Sprint("U", i), "vi"), tb: tb}
	}
	return out
}

var bareEcho = target{
	name: "bare echo bot (tgbotapi, no storage)",
	start: func(b *testing.B, tg *tgtest.Server) func() {
		return startEcho(b, tg, nil)
	},
	chatters: echoChatters,
}

var persistentEcho = target{
	name: "persistent echo bot (one read+write by _id per update, embedded store)",
	start: func(b *testing.B, tg *tgtest.Server) func() {
		return startEcho(b, tg, storetest.Open(b, nil))
	},
	chatters: echoChatters,
}

func measure(b *testing.B, t target) []StepResult {
	var out []StepResult
	for _, n := range loads {
		tg := tgtest.New(b, tgtest.WithWaitTimeout(5*time.Second))
		stop := t.start(b, tg)
		tb := &quietTB{TB: b}
		r := RunStep(n, stepTime, t.chatters(b, tg, n, tb))
		stop()
		tg.Close()
		out = append(out, r)
		if r.P99 > time.Second || r.Errors > 0 {
			break // far past capacity: higher steps only take time
		}
	}
	return out
}

// BenchmarkConversationCapacity runs the same load steps against each target in one run and
// prints the capacity ratios.
func BenchmarkConversationCapacity(b *testing.B) {
	if b.N > 1 {
		b.Skip("run with -benchtime 1x: one run measures every step")
	}
	targets := append([]target{bareEcho, persistentEcho}, extraTargets...)
	caps := map[string]float64{}
	for _, t := range targets {
		steps := measure(b, t)
		PrintSteps(os.Stdout, "### "+t.name, steps)
		caps[t.name] = Capacity(steps, 100*time.Millisecond)
		fmt.Printf("\ncapacity (p99 < 100 ms): %.1f updates/s\n", caps[t.name])
	}
	for _, t := range extraTargets {
		fmt.Printf("\n%s / persistent echo = %.2f; / bare echo = %.2f\n", t.name,
			caps[t.name]/caps[persistentEcho.name], caps[t.name]/caps[bareEcho.name])
		b.ReportMetric(caps[t.name]/caps[persistentEcho.name], "ratio-to-persistent-echo")
	}
}

// extraTargets holds reportbot itself (added by report_target_test.go).
var extraTargets []target
