// Package metrics holds reportbot's Prometheus metrics in a registry of their own (never the
// global one), so tests can run several bots in one process and /metrics shows only ours.
// The bot, the sender, the scheduler and the storage code call a *Metrics; a nil *Metrics
// is valid and records nothing, so callers never check.
package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Outcomes of a handled update, the "outcome" label of reportbot_updates_total.
const (
	OutcomeOK        = "ok"         // handled
	OutcomeUserError = "user_error" // the user was told what was wrong with their input
	OutcomeBusy      = "busy"       // a passing fault (storage or Telegram unreachable): retried
	OutcomeError     = "error"      // an internal error: logged, the user got an apology
	OutcomePanic     = "panic"      // the handler panicked: recovered, logged
)

// Metrics are the counters and gauges of one bot process.
type Metrics struct {
	reg *prometheus.Registry

	updates       *prometheus.CounterVec
	latency       *prometheus.HistogramVec
	sent          *prometheus.CounterVec
	outboxDepth   prometheus.Gauge
	reminders     *prometheus.CounterVec
	submissions   *prometheus.CounterVec
	storageErrors *prometheus.CounterVec
	webhook       *prometheus.CounterVec
}

// New registers every metric, plus the Go runtime and process collectors, in a new registry.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.updates = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "reportbot_updates_total", Help: "Telegram updates handled, by kind and outcome.",
	}, []string{"kind", "outcome"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "reportbot_handler_seconds", Help: "Time to handle one update, by route.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"route"})
	m.sent = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "reportbot_messages_total", Help: "Requests to Telegram by result: sent, failed, 429 (rate limited), 403 (blocked).",
	}, []string{"result"})
	m.outboxDepth = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "reportbot_outbox_depth", Help: "Messages waiting in the outbox.",
	})
	m.reminders = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "reportbot_reminders_total", Help: "Reminders sent, by stage.",
	}, []string{"stage"})
	m.submissions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "reportbot_submissions_total", Help: "Reports submitted, by kind: first or revision.",
	}, []string{"kind"})
	m.storageErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "reportbot_storage_errors_total", Help: "Storage operations that failed because the store was unreachable, by where.",
	}, []string{"where"})
	m.webhook = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "reportbot_webhook_requests_total", Help: "Webhook requests by HTTP status.",
	}, []string{"status"})
	m.reg.MustRegister(m.updates, m.latency, m.sent, m.outboxDepth, m.reminders, m.submissions,
		m.storageErrors, m.webhook,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry is where the metrics live, for the /metrics handler.
func (m *Metrics) Registry() *prometheus.Registry {
	if m == nil {
		return prometheus.NewRegistry()
	}
	return m.reg
}

// Update records one handled update: its kind ("command", "callback", "text", "member",
// …), the route that handled it ("-" for none), the outcome (Outcome*) and how long it took.
func (m *Metrics) Update(kind, route, outcome string, took time.Duration) {
	if m == nil {
		return
	}
	m.updates.WithLabelValues(kind, outcome).Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

// Message records the result of one request to Telegram: "sent", "failed", "429" or "403".
func (m *Metrics) Message(result string) {
	if m == nil {
		return
	}
	m.sent.WithLabelValues(result).Inc()
}

// OutboxDepth sets the number of messages waiting in the outbox.
func (m *Metrics) OutboxDepth(n int) {
	if m == nil {
		return
	}
	m.outboxDepth.Set(float64(n))
}

// ReminderSent counts a reminder of a stage (e.g. "t-3", "deadline", "overdue").
func (m *Metrics) ReminderSent(stage string) {
	if m == nil {
		return
	}
	m.reminders.WithLabelValues(stage).Inc()
}

// Submitted counts a submitted report; revision is false for a school's first submission.
func (m *Metrics) Submitted(revision bool) {
	if m == nil {
		return
	}
	kind := "first"
	if revision {
		kind = "revision"
	}
	m.submissions.WithLabelValues(kind).Inc()
}

// StorageError counts an operation that failed because the store was unreachable; where
// names the caller ("handler", "inbox", "readyz", "webhook", …).
func (m *Metrics) StorageError(where string) {
	if m == nil {
		return
	}
	m.storageErrors.WithLabelValues(where).Inc()
}

// Webhook counts a webhook request answered with HTTP status code.
func (m *Metrics) Webhook(code int) {
	if m == nil {
		return
	}
	m.webhook.WithLabelValues(statusText(code)).Inc()
}

func statusText(code int) string {
	switch code {
	case 200:
		return "200"
	case 400:
		return "400"
	case 401:
		return "401"
	case 405:
		return "405"
	case 503:
		return "503"
	}
	return "other"
}
