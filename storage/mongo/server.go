package mongo

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/camgiang-edu/reportbot/storage"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// allowFerretDB lets Open accept a FerretDB server. Only tests set it (AcceptFerretDBInTests):
// they run the engine against an in-process FerretDB (mongotest), skipping what needs atomic
// conditional updates. No configuration reaches it.
var allowFerretDB atomic.Bool

// AcceptFerretDBInTests makes Open accept a FerretDB server in this process. mongotest calls
// it so tests of the bot as a whole can share an in-process FerretDB between replicas; the
// bot never calls it, so MONGODB_URI can never name a FerretDB server.
func AcceptFerretDBInTests() { allowFerretDB.Store(true) }

// checkServer asks the server what it is. FerretDB names itself in buildInfo
// (ferretdbVersion) and is refused unless allowFerretDB; a replica set (hello has a
// setName) gets transactions for multi-document writes.
func (s *Store) checkServer(ctx context.Context) error {
	var info bson.M
	if err := s.client.Database("admin").RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info); err != nil {
		return fail(err, "ask the server its version")
	}
	if isFerretDB(info) && !allowFerretDB.Load() {
		return fmt.Errorf("%w: MONGODB_URI names a FerretDB server: its conditional updates are not atomic; use MongoDB 6 or newer",
			storage.ErrUnsupportedServer)
	}
	var hello struct {
		SetName string `bson:"setName"`
	}
	if err := s.client.Database("admin").RunCommand(ctx, bson.D{{Key: "hello", Value: 1}}).Decode(&hello); err != nil {
		return fail(err, "ask the server its topology")
	}
	s.replSet = hello.SetName != ""
	return nil
}

// isFerretDB reports whether a buildInfo answer comes from FerretDB: it adds
// ferretdbVersion and ferretdbFeatures, and other builds name it in their version text.
func isFerretDB(info bson.M) bool {
	for k, v := range info {
		if strings.Contains(strings.ToLower(k), "ferretdb") {
			return true
		}
		if text, ok := v.(string); ok && strings.Contains(strings.ToLower(text), "ferretdb") {
			return true
		}
	}
	return false
}
