package mongo

import (
	"context"
	"errors"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"
)

// fail wraps a driver error with lowercase context ("load user 42: …"), mapping it to the
// contract's errors: no document is domain.ErrNotFound; a failure that may pass
// (unreachable, timed out, not primary, disk full, the client closed) is
// storage.ErrUnavailable. The driver's error stays in the chain. fail(nil, …) is nil.
func fail(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	what := fmt.Sprintf(format, args...)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return fmt.Errorf("%s: %w", what, domain.ErrNotFound)
	case unavailable(err):
		return fmt.Errorf("%s: %w: %w", what, storage.ErrUnavailable, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// transientCodes are server error codes of a state that passes: the primary stepping
// down or shutting down, an operation killed by a time limit, a full disk.
var transientCodes = []int{
	6,     // HostUnreachable
	7,     // HostNotFound
	50,    // MaxTimeMSExpired
	89,    // NetworkTimeout
	91,    // ShutdownInProgress
	189,   // PrimarySteppedDown
	262,   // ExceededTimeLimit
	9001,  // SocketException
	10107, // NotWritablePrimary
	11600, // InterruptedAtShutdown
	11602, // InterruptedDueToReplStateChange
	13435, // NotPrimaryNoSecondaryOk
	13436, // NotPrimaryOrSecondary
	14031, // OutOfDiskSpace
}

// unavailable reports whether err means the database could not do the work now but may
// later.
func unavailable(err error) bool {
	if err == nil {
		return false
	}
	var sse topology.ServerSelectionError
	if mongo.IsNetworkError(err) || mongo.IsTimeout(err) || errors.As(err, &sse) ||
		errors.Is(err, mongo.ErrClientDisconnected) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var se mongo.ServerError
	if errors.As(err, &se) {
		if se.HasErrorLabel("RetryableWriteError") {
			return true
		}
		for _, c := range transientCodes {
			if se.HasErrorCode(c) {
				return true
			}
		}
	}
	return false
}

// isDup reports a duplicate-key error of an insert or upsert-insert: "already there".
func isDup(err error) bool { return mongo.IsDuplicateKeyError(err) }
