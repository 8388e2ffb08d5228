package mongo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/event"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// Options configures Open.
type Options struct {
	// URI names a MongoDB server. Empty starts the embedded FerretDB in DataDir.
	URI string
	// Database is the database name; default "reportbot".
	Database string
	// DataDir holds the embedded server's files and lock; used only when URI is empty.
	DataDir string
	// Logger receives storage and embedded-server errors.
	Logger zerolog.Logger
	// Now is the clock for stored timestamps; default time.Now.
	Now func() time.Time
	// ServerSelectionTimeout bounds how long an operation waits for an unreachable server;
	// default 5 s.
	ServerSelectionTimeout time.Duration
	// Monitor, if set, sees every command sent to the server (tests and benchmarks count
	// them). It runs alongside the store's own monitor in embedded mode.
	Monitor *event.CommandMonitor
}

// Store is reportbot's storage. It is safe for concurrent use.
type Store struct {
	client   *mongo.Client
	db       *mongo.Database
	embedded *embedded
	log      zerolog.Logger
	now      func() time.Time
	// casMu serializes compare-and-set updates in embedded mode (see outbox.go's cas).
	casMu   sync.Mutex
	changes *changeLog // writes of this process; embedded store only (see Changes)
}

// Open connects to MongoDB (or starts the embedded server), pings it and creates the indexes.
// It returns ErrLocked when another process holds DataDir. The caller must Close the store.
func Open(ctx context.Context, o Options) (*Store, error) {
	if o.Database == "" {
		o.Database = "reportbot"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ServerSelectionTimeout == 0 {
		o.ServerSelectionTimeout = 5 * time.Second
	}
	s := &Store{log: o.Logger, now: o.Now}
	uri := o.URI
	copts := options.Client().
		SetServerSelectionTimeout(o.ServerSelectionTimeout).
		SetConnectTimeout(o.ServerSelectionTimeout).
		SetBSONOptions(&options.BSONOptions{UseLocalTimeZone: false, NilMapAsEmpty: true, NilSliceAsEmpty: true})
	if uri == "" {
		if o.DataDir == "" {
			return nil, errors.New("storage: neither a MongoDB URI nor a data directory was given")
		}
		e, err := startEmbedded(o.DataDir, o.Logger)
		if err != nil {
			return nil, err
		}
		s.embedded = e
		uri = e.uri
		if e.sock != "" {
			// A placeholder socket name: the real path may hold characters a URI cannot
			// (commas, spaces), and the dialer below connects to the real path anyway.
			uri = "mongodb://%2Freportbot-embedded.sock/"
			// The driver lower-cases host names, socket paths included; dial the real path.
			copts.SetDialer(unixDialer(e.sock))
		}
		// The embedded server loses concurrent updates of one document: serialize.
		copts.SetMaxPoolSize(1)
		s.changes = newChangeLog()
	}
	if m := chainMonitors(s.changes.monitor(), o.Monitor); m != nil {
		copts.SetMonitor(m)
	}
	copts.ApplyURI(uri)
	client, err := mongo.Connect(ctx, copts)
	if err != nil {
		s.stopEmbedded()
		return nil, fmt.Errorf("connect to %s: %w", redactURI(uri), err)
	}
	s.client = client
	s.db = client.Database(o.Database)
	if err := s.Ping(ctx); err != nil {
		_ = s.Close(context.Background())
		return nil, fmt.Errorf("reach %s: %w", redactURI(uri), err)
	}
	if err := s.ensureIndexes(ctx); err != nil {
		_ = s.Close(context.Background())
		return nil, err
	}
	return s, nil
}

// unixDialer dials one unix socket whatever address the driver asks for.
type unixDialer string

func (d unixDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if network == "unix" {
		addr = string(d)
	}
	var nd net.Dialer
	return nd.DialContext(ctx, network, addr)
}

// Embedded reports whether the store runs the in-process FerretDB.
func (s *Store) Embedded() bool { return s.embedded != nil }

// Ping checks that the server answers.
func (s *Store) Ping(ctx context.Context) error {
	return s.client.Ping(ctx, nil)
}

// Close disconnects and, in embedded mode, stops the server and releases the data directory.
func (s *Store) Close(ctx context.Context) error {
	var err error
	if s.client != nil {
		err = s.client.Disconnect(ctx)
	}
	s.stopEmbedded()
	return err
}

func (s *Store) stopEmbedded() {
	if s.embedded != nil {
		if err := s.embedded.stop(); err != nil {
			s.log.Error().Err(err).Msg("stop embedded store")
		}
		s.embedded = nil
	}
}

// Collection names. Each collection's documents and methods live in the file of that name.
const (
	colUpdates = "updates"
	colUsers   = "users"
)

func (s *Store) c(name string) *mongo.Collection { return s.db.Collection(name) }

// indexes lists the indexes a real MongoDB needs for our queries; the embedded server ignores
// them for speed but they keep production fast. Files add to it in init.
var indexes = map[string][]mongo.IndexModel{}

func addIndexes(col string, models ...mongo.IndexModel) {
	indexes[col] = append(indexes[col], models...)
}

// ensureIndexes creates the missing indexes one at a time. Existing ones are skipped by
// name: the embedded server drops the connection when asked to create several that exist.
func (s *Store) ensureIndexes(ctx context.Context) error {
	for col, models := range indexes {
		specs, err := s.c(col).Indexes().ListSpecifications(ctx)
		if err != nil {
			return fmt.Errorf("list indexes of %s: %w", col, err)
		}
		have := map[string]bool{}
		for _, sp := range specs {
			have[sp.Name] = true
		}
		for _, m := range models {
			if have[indexName(m)] {
				continue
			}
			if _, err := s.c(col).Indexes().CreateOne(ctx, m); err != nil {
				return fmt.Errorf("create index %s on %s: %w", indexName(m), col, err)
			}
		}
	}
	return nil
}

// indexName is the name MongoDB gives an index by default: "a_1_b_1".
func indexName(m mongo.IndexModel) string {
	var parts []string
	for _, e := range m.Keys.(bson.D) {
		parts = append(parts, fmt.Sprintf("%s_%v", e.Key, e.Value))
	}
	return strings.Join(parts, "_")
}

// idOf is the string _id of a numeric natural key (a Telegram user or chat id).
func idOf(n int64) string { return strconv.FormatInt(n, 10) }

// isDup reports a duplicate-key error of an insert or upsert-insert.
func isDup(err error) bool { return mongo.IsDuplicateKeyError(err) }

// notFound maps the driver's ErrNoDocuments to ErrNotFound from the domain.
func notFound(err error) bool { return errors.Is(err, mongo.ErrNoDocuments) }

// redactURI hides the password of a MongoDB URI for error messages.
func redactURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return "the MongoDB server"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	return u.Redacted()
}

// idx is shorthand for an index on the given fields in ascending order.
func idx(unique bool, fields ...string) mongo.IndexModel {
	keys := bson.D{}
	for _, f := range fields {
		keys = append(keys, bson.E{Key: f, Value: 1})
	}
	m := mongo.IndexModel{Keys: keys}
	if unique {
		m.Options = options.Index().SetUnique(true)
	}
	return m
}
