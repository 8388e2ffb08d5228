// Package storage keeps reportbot's data in MongoDB through the official v1 driver.
//
// Two servers sit behind the same code: a real MongoDB named by a URI, or, when the URI is
// empty, FerretDB embedded in this process on SQLite files under the data directory. The
// embedded server lacks transactions and multi-accumulator $group, loses concurrent updates
// of one document and keys lookups only on string _ids, so every method here follows the
// rules in shared/notes/storage.md: one state change is one single-document write, natural
// keys are string _ids, create-once is an insert that treats a duplicate key as "already
// there", aggregation happens in Go, and the embedded client uses a pool of one connection.
package mongo
