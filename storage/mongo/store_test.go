package mongo

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/camgiang-edu/reportbot/storage/mongo/mongotest"
	"go.mongodb.org/mongo-driver/v2/bson"
)

func TestOpen_RefusesFerretDB(t *testing.T) {
	allowFerretDB.Store(false)
	t.Cleanup(func() { allowFerretDB.Store(true) })
	_, err := Open(ctxT(t), storage.Options{URI: mongotest.Start(t), Database: mongotest.Database(t)})
	if !errors.Is(err, storage.ErrUnsupportedServer) {
		t.Fatalf("Open(FerretDB) = %v, want ErrUnsupportedServer", err)
	}
	if !strings.Contains(err.Error(), "FerretDB") || !strings.Contains(err.Error(), "not atomic") {
		t.Errorf("error %q does not say why", err)
	}
	if uri := mongotest.Real(); uri != "" {
		mustOpen(t, uri, nil) // a real MongoDB is accepted without allowFerretDB
	}
}

func TestIsFerretDB(t *testing.T) {
	tests := []struct {
		name string
		info bson.M
		want bool
	}{
		{"ferretdb v1", bson.M{"version": "7.0.42", "ferretdbVersion": "v1.24.2", "ok": 1.0}, true},
		{"named in version text", bson.M{"version": "7.0.77-FerretDB", "ok": 1.0}, true},
		{"mongodb", bson.M{"version": "7.0.14", "gitVersion": "ce59cfc6a3c5e5c067dca0d30697edd68d4f5188", "ok": 1.0}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isFerretDB(tt.info); got != tt.want {
				t.Errorf("isFerretDB(%v) = %v, want %v", tt.info, got, tt.want)
			}
		})
	}
}

func TestOpen_Defaults(t *testing.T) {
	uri, _ := server(t)
	s := mustOpen(t, uri, nil)
	if s.Engine() != "mongodb" {
		t.Errorf("Engine() = %q", s.Engine())
	}
	if err := s.Ping(ctxT(t)); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	// Opening the same database again finds every index there and changes nothing.
	s2, err := Open(ctxT(t), storage.Options{URI: uri, Database: s.db.Name()})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s2.Close(context.Background())
	for col, ixs := range indexes {
		specs, err := s.c(col).Indexes().ListSpecifications(ctxT(t))
		if err != nil {
			t.Fatal(err)
		}
		have := map[string]bool{}
		for _, sp := range specs {
			have[sp.Name] = true
		}
		for _, ix := range ixs {
			if !have[ix.name()] {
				t.Errorf("index %s on %s missing", ix.name(), col)
			}
		}
	}
}

func TestStore_Unavailable(t *testing.T) {
	t.Run("nothing listening", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		_, err = Open(ctxT(t), storage.Options{URI: "mongodb://" + addr + "/", Timeout: 300 * time.Millisecond})
		if !storage.IsUnavailable(err) {
			t.Fatalf("Open(nothing listening) = %v, want an unavailable error", err)
		}
	})
	t.Run("server stopped", func(t *testing.T) {
		srv := mongotest.New(t)
		s, err := Open(ctxT(t), storage.Options{URI: srv.URI, Database: mongotest.Database(t), Timeout: 500 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close(context.Background())
		if _, err := s.StoreUpdate(ctxT(t), 1, 1, []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
		srv.Stop()
		_, err = s.StoreUpdate(ctxT(t), 2, 1, []byte(`{}`))
		if !storage.IsUnavailable(err) || !errors.Is(err, storage.ErrUnavailable) {
			t.Fatalf("StoreUpdate(server stopped) = %v, want ErrUnavailable", err)
		}
		if err := s.Ping(ctxT(t)); !storage.IsUnavailable(err) {
			t.Errorf("Ping(server stopped) = %v, want an unavailable error", err)
		}
	})
	t.Run("store closed", func(t *testing.T) {
		uri, _ := server(t)
		s, err := Open(ctxT(t), storage.Options{URI: uri, Database: mongotest.Database(t)})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Close(ctxT(t)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.User(ctxT(t), 1); !errors.Is(err, storage.ErrUnavailable) {
			t.Fatalf("User(closed store) = %v, want ErrUnavailable", err)
		}
	})
}

func TestStore_NotFound(t *testing.T) {
	s, _ := mustStore(t, nil)
	ctx := ctxT(t)
	checks := map[string]error{}
	_, checks["User"] = s.User(ctx, 42)
	_, checks["School"] = s.School(ctx, "NOPE")
	_, checks["Draft"] = s.Draft(ctx, "2026-Y", "NOPE")
	_, checks["Submission"] = s.Submission(ctx, "2026-Y", "NOPE")
	_, checks["OutboxMessageByID"] = s.OutboxMessageByID(ctx, "nope")
	_, checks["Setting"] = s.Setting(ctx, "nope")
	_, checks["Group"] = s.Group(ctx, -1)
	_, checks["Period"] = s.Period(ctx, "2030-Y")
	checks["DisableGroup"] = s.DisableGroup(ctx, -1, "left")
	checks["SetSchoolActive"] = s.SetSchoolActive(ctx, "NOPE", false)
	for name, err := range checks {
		if !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("%s = %v, want domain.ErrNotFound", name, err)
		}
		if storage.IsUnavailable(err) {
			t.Errorf("%s: a missing record is not unavailable: %v", name, err)
		}
	}
	if f, err := s.ChatFlow(ctx, 7); err != nil || f.Name != "" {
		t.Errorf("ChatFlow(none) = %+v, %v; want zero, nil", f, err)
	}
	if u, err := s.BotUsername(ctx); err != nil || u != "" {
		t.Errorf("BotUsername(never set) = %q, %v", u, err)
	}
}
