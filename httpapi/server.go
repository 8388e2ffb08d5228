// Package httpapi serves reportbot's HTTP side on LISTEN_ADDR: /healthz (the process is
// alive), /readyz (the store answers; which role this replica has; /readyz?role=active is
// red on a standby), /metrics (Prometheus) and, in webhook mode, the Telegram webhook.
package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/camgiang-edu/reportbot/metrics"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs/zerolog"
)

// Pinger checks that the store answers; storage.Store implements it.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Config is what the server serves.
type Config struct {
	Addr    string // host:port; port 0 picks a free one (see Server.Addr)
	Store   Pinger
	Metrics *metrics.Metrics
	// Role names this replica's part for /readyz: "active" (consumes the inbox, runs the
	// scheduler and sender) or "standby". nil means "active".
	Role func() string
	// Webhook, when set, receives Telegram's updates at WebhookPath.
	Webhook     http.Handler
	WebhookPath string
	Log         zerolog.Logger
}

// Server is the running HTTP server.
type Server struct {
	cfg  Config
	srv  *http.Server
	ln   net.Listener
	done chan error
}

// PingTimeout bounds /readyz's store check.
const PingTimeout = time.Second

// Start listens on cfg.Addr and serves until Shutdown.
func Start(cfg Config) (*Server, error) {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s (LISTEN_ADDR): %w", cfg.Addr, err)
	}
	s := &Server{cfg: cfg, ln: ln, done: make(chan error, 1)}
	s.srv = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	go func() {
		err := s.srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.done <- err
	}()
	return s, nil
}

// Addr is the address the server listens on, with the real port.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Shutdown stops accepting requests and waits, until ctx ends, for those being served.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	if serr := <-s.done; err == nil {
		err = serr
	}
	return err
}

// Handler routes the endpoints; it is exported for tests with httptest.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.cfg.Metrics.Registry(), promhttp.HandlerOpts{}))
	if s.cfg.Webhook != nil {
		path := s.cfg.WebhookPath
		if path == "" || path == "/" {
			path = "/{$}"
		}
		mux.Handle(path, s.cfg.Webhook)
	}
	return mux
}

// Readiness is /readyz's JSON answer.
type Readiness struct {
	Ready   bool   `json:"ready"`
	Storage string `json:"storage"` // "ok" or "unreachable"
	Role    string `json:"role"`    // "active" or "standby"
}

// readyz answers 200 when the store answers a ping within PingTimeout, else 503; both
// with the replica's role. With ?role=active it also answers 503 on a standby: a reverse
// proxy that health-checks that URL sends every webhook request to the one active
// replica, so one chat's updates are never spread over two replicas.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), PingTimeout)
	defer cancel()
	rd := Readiness{Ready: true, Storage: "ok", Role: "active"}
	if s.cfg.Role != nil {
		rd.Role = s.cfg.Role()
	}
	if err := s.cfg.Store.Ping(ctx); err != nil {
		rd.Ready, rd.Storage = false, "unreachable"
		s.cfg.Metrics.StorageError("readyz")
		s.cfg.Log.Warn().Err(err).Msg("readiness: the store does not answer")
	}
	w.Header().Set("Content-Type", "application/json")
	if want := r.URL.Query().Get("role"); !rd.Ready || want != "" && want != rd.Role {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	_ = json.NewEncoder(w).Encode(rd)
}
