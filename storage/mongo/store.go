package mongo

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/camgiang-edu/reportbot/storage"
	"github.com/rs/zerolog"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
)

var _ storage.Store = (*Store)(nil)

// Store is the MongoDB engine. It is safe for concurrent use by several goroutines and
// several processes sharing one database.
type Store struct {
	client  *mongo.Client
	db      *mongo.Database
	log     zerolog.Logger
	clock   func() time.Time
	replSet bool // the deployment is a replica set: Submit runs in a transaction
}

// Open connects to the MongoDB server o.URI names, checks that it is MongoDB (FerretDB is
// refused with storage.ErrUnsupportedServer), and creates the missing indexes. o.Database
// defaults to "reportbot"; o.Timeout (default 5 s) bounds server selection and connecting,
// so an unreachable server fails with an error that storage.IsUnavailable recognises.
// The caller must Close the store.
func Open(ctx context.Context, o storage.Options) (*Store, error) {
	if o.URI == "" {
		return nil, errors.New("open MongoDB store: no MONGODB_URI given")
	}
	if o.Database == "" {
		o.Database = "reportbot"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Second
	}
	// The defaults first: what the URI says (serverSelectionTimeoutMS…) wins.
	copts := options.Client().
		SetServerSelectionTimeout(o.Timeout).
		SetConnectTimeout(o.Timeout).
		SetBSONOptions(&options.BSONOptions{NilMapAsEmpty: true, NilSliceAsEmpty: true}).
		ApplyURI(o.URI)
	client, err := mongo.Connect(copts)
	if err != nil {
		return nil, fail(err, "connect to %s", redactURI(o.URI))
	}
	s := &Store{client: client, db: client.Database(o.Database), log: o.Logger, clock: o.Now}
	if err := s.checkServer(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, fmt.Errorf("open %s: %w", redactURI(o.URI), err)
	}
	if err := s.ensureIndexes(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	return s, nil
}

// Engine names the engine: "mongodb".
func (s *Store) Engine() string { return "mongodb" }

// Ping checks that the primary answers; an unreachable server is storage.ErrUnavailable.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx, readpref.Primary()); err != nil {
		return fail(err, "ping MongoDB")
	}
	return nil
}

// Close disconnects from the server. Operations after Close fail with
// storage.ErrUnavailable.
func (s *Store) Close(ctx context.Context) error {
	if err := s.client.Disconnect(ctx); err != nil && !errors.Is(err, mongo.ErrClientDisconnected) {
		return fmt.Errorf("disconnect from MongoDB: %w", err)
	}
	return nil
}

// now is the store's clock in UTC, to the millisecond: what a BSON date keeps, so a value
// returned by a write equals the same value read back.
func (s *Store) now() time.Time { return s.clock().UTC().Truncate(time.Millisecond) }

func (s *Store) c(name string) *mongo.Collection { return s.db.Collection(name) }

// idOf is the string _id of a numeric natural key (a Telegram user or chat id).
func idOf(n int64) string { return strconv.FormatInt(n, 10) }

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
