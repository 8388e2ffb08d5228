package mongo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/storage/backup"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colInvites = backup.ColInvites

func init() {
	addIndexes(colInvites, idx("expires")) // DeleteOldInvites
}

// CreateInvite issues a new one-time code for the school, valid for ttl
// (domain.DefaultInviteTTL when not positive), and returns it with its expiry. Only the
// code's hash is stored. It does not check that the school exists.
func (s *Store) CreateInvite(ctx context.Context, school string, createdBy int64, ttl time.Duration) (domain.Invite, error) {
	if ttl <= 0 {
		ttl = domain.DefaultInviteTTL
	}
	for range 3 { // a collision of 59 random bits will not happen; but never overwrite one
		code, err := domain.NewInviteCode()
		if err != nil {
			return domain.Invite{}, err
		}
		now := s.now()
		d := backup.Invite{ID: domain.InviteHash(code), School: school, CreatedBy: createdBy, Created: now, Expires: now.Add(ttl)}
		_, err = s.c(colInvites).InsertOne(ctx, d)
		if isDup(err) {
			continue
		}
		if err != nil {
			return domain.Invite{}, fail(err, "create invite for %s", school)
		}
		return domain.Invite{Code: code, School: school, Expires: d.Expires}, nil
	}
	return domain.Invite{}, fmt.Errorf("create invite for %s: repeated code collisions", school)
}

// UseInvite spends the code for the user and returns the invite (without its code). One
// conditional update marks it used, so of users racing for the same code exactly one
// wins. It returns domain.ErrInviteUnknown, ErrInviteExpired, or ErrInviteUsed when someone
// else used it; the same user using it again succeeds, so a retried registration works.
func (s *Store) UseInvite(ctx context.Context, code string, userID int64) (domain.Invite, error) {
	id := domain.InviteHash(code)
	now := s.now()
	var d backup.Invite
	err := s.c(colInvites).FindOneAndUpdate(ctx,
		bson.M{"_id": id, "used": false, "expires": bson.M{"$gt": now}},
		bson.M{"$set": bson.M{"used": true, "used_by": userID, "used_at": now}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&d)
	if err == nil {
		return domain.Invite{School: d.School, Expires: d.Expires}, nil
	}
	if err := fail(err, "use invite"); !errors.Is(err, domain.ErrNotFound) {
		return domain.Invite{}, err
	}
	err = s.c(colInvites).FindOne(ctx, bson.M{"_id": id}).Decode(&d)
	if err != nil {
		if err := fail(err, "load invite"); !errors.Is(err, domain.ErrNotFound) {
			return domain.Invite{}, err
		}
		return domain.Invite{}, domain.ErrInviteUnknown
	}
	switch {
	case d.Used && d.UsedBy == userID:
		return domain.Invite{School: d.School, Expires: d.Expires}, nil
	case d.Used:
		return domain.Invite{}, domain.ErrInviteUsed
	}
	return domain.Invite{}, domain.ErrInviteExpired
}

// DeleteOldInvites removes invites that expired before t, used or not, and returns how
// many. Until then an expired code is still answered "expired" rather than "unknown".
func (s *Store) DeleteOldInvites(ctx context.Context, t time.Time) (int64, error) {
	res, err := s.c(colInvites).DeleteMany(ctx, bson.M{"expires": bson.M{"$lt": t.UTC()}})
	if err != nil {
		return 0, fail(err, "delete old invites")
	}
	return res.DeletedCount, nil
}

// InviteUnregistered issues a fresh code for every active school without a reporter, in
// code order, for the printable list.
func (s *Store) InviteUnregistered(ctx context.Context, createdBy int64, ttl time.Duration) ([]domain.Invite, error) {
	schools, err := s.Schools(ctx)
	if err != nil {
		return nil, err
	}
	linked, err := s.AllReporters(ctx)
	if err != nil {
		return nil, err
	}
	out := []domain.Invite{}
	for _, sc := range schools {
		if !sc.Active || len(linked[sc.Code]) > 0 {
			continue
		}
		inv, err := s.CreateInvite(ctx, sc.Code, createdBy, ttl)
		if err != nil {
			return out, err
		}
		out = append(out, inv)
	}
	return out, nil
}
