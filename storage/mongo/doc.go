// Package mongo is reportbot's MongoDB storage engine (storage.Store) on the official v2
// driver, for production: a single mongod, a replica set or Atlas, shared by several bot
// replicas.
//
// It relies on real MongoDB semantics (shared/notes/storage.md): a single-document update
// is atomic, so each state change is one conditional update of one document; natural keys
// are string _ids, and create-once is an insert that treats a duplicate key as "already
// there"; every query has an index, created at Open. A use case that writes several
// documents (Submit) runs in a transaction on a replica set and otherwise in an order that
// a crash between two writes leaves nothing visible half-done and a replay finishes.
//
// FerretDB speaks the same protocol but its conditional updates are not atomic, so Open
// refuses it (storage.ErrUnsupportedServer); the tests alone use it, through mongotest.
package mongo
