package mongo

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"
)

// maxTxnTries bounds how often a transaction that failed with a transient error (a write
// conflict, a primary election) is run again.
const maxTxnTries = 5

// inTxn runs fn in a transaction on a replica set, retrying it on transient transaction
// errors (and when fn lost a compare-and-set: errLost) and retrying the commit when its outcome is unknown. On a standalone server it
// runs fn as it is: fn must then be ordered and idempotent on its own.
func (s *Store) inTxn(ctx context.Context, fn func(ctx context.Context) error) error {
	if !s.replSet {
		return fn(ctx)
	}
	sess, err := s.client.StartSession()
	if err != nil {
		return fail(err, "start session")
	}
	defer sess.EndSession(context.WithoutCancel(ctx))
	sctx := mongo.NewSessionContext(ctx, sess)
	for try := 1; ; try++ {
		err := s.txnOnce(sctx, sess, fn)
		if err == nil || try >= maxTxnTries || !hasLabel(err, "TransientTransactionError") && !errors.Is(err, errLost) {
			return err
		}
		s.log.Debug().Err(err).Int("try", try).Msg("transaction retried")
	}
}

func (s *Store) txnOnce(ctx context.Context, sess *mongo.Session, fn func(ctx context.Context) error) error {
	// Majority write concern: a committed use case survives a failover.
	if err := sess.StartTransaction(options.Transaction().SetWriteConcern(writeconcern.Majority())); err != nil {
		return fail(err, "start transaction")
	}
	if err := fn(ctx); err != nil {
		_ = sess.AbortTransaction(context.WithoutCancel(ctx))
		return err
	}
	for try := 1; ; try++ {
		err := sess.CommitTransaction(ctx)
		if err == nil {
			return nil
		}
		if try < maxTxnTries && hasLabel(err, "UnknownTransactionCommitResult") && !mongo.IsTimeout(err) {
			continue
		}
		return fail(err, "commit transaction")
	}
}

// hasLabel reports whether a server or driver error carries an error label.
func hasLabel(err error, label string) bool {
	var le mongo.LabeledError
	return errors.As(err, &le) && le.HasErrorLabel(label)
}
