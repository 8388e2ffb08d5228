// Package enginetest gives tests of the bot as a whole a MongoDB-wire store that several
// replicas can share: the real MongoDB of TEST_MONGODB_URI (a fresh database), or else an
// in-process FerretDB, which the MongoDB engine then accepts in this test process only.
// Import it from _test.go files only.
package enginetest

import (
	"net/url"
	"testing"

	"github.com/camgiang-edu/reportbot/storage/mongo"
	"github.com/camgiang-edu/reportbot/storage/mongo/mongotest"
)

// MongoURI returns the URI of a shared server for one test, with a database of its own in
// the path when the server is a real MongoDB. On FerretDB, whose conditional updates are
// not atomic, tests must not rely on races between replicas being decided by the store.
func MongoURI(tb testing.TB) (uri string, ferret bool) {
	tb.Helper()
	if real := mongotest.Real(); real != "" {
		u, err := url.Parse(real)
		if err != nil {
			tb.Fatalf("%s: %v", mongotest.EnvURI, err)
		}
		u.Path = "/" + mongotest.Database(tb)
		return u.String(), false
	}
	mongo.AcceptFerretDBInTests()
	return mongotest.Start(tb), true
}
