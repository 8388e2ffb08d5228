package mongo

import (
	"context"
	"strings"

	"github.com/camgiang-edu/reportbot/domain"
	"go.mongodb.org/mongo-driver/v2/bson"
)

func init() {
	addIndexes(colAudit, idx("user_id"))
	addIndexes(colInvites, idx("used_by"))
}

// ForgetUser removes a user's personal data (/forgetme): the user document (Telegram id,
// name, username, phone, languages, school link), their private chat's state and its
// handled inbox entries. Submissions, their revisions and drafts stay as the school's
// official records: where the user submitted, edited or answered, their id becomes 0 and
// their name domain.FormerReporter. Audit entries keep what was done but lose who did it
// likewise, and used invite codes forget who used them. Failed invite-code attempts are
// kept until they expire: forgetting them would let /forgetme reset the lock against
// guessing codes.
//
// Each document is changed by its own single update of the fields concerned, so a failure
// half-way leaves every document consistent, and running it again finishes the job.
func (s *Store) ForgetUser(ctx context.Context, id int64) (domain.Forgotten, error) {
	var out domain.Forgotten
	var err error
	if out.Submissions, err = s.anonymize(ctx, colSubmissions, id, "submitted_by", "submitter_name"); err != nil {
		return out, err
	}
	if out.Drafts, err = s.anonymize(ctx, colDrafts, id, "edited_by", "editor_name"); err != nil {
		return out, err
	}
	if out.Revisions, err = s.anonymize(ctx, colRevisions, id, "by", "by_name"); err != nil {
		return out, err
	}
	if _, err := s.c(colAudit).UpdateMany(ctx, bson.M{"user_id": id},
		bson.M{"$set": bson.M{"user_id": int64(0), "name": domain.FormerReporter}}); err != nil {
		return out, fail(err, "anonymize audit entries of user %d", id)
	}
	if _, err := s.c(colInvites).UpdateMany(ctx, bson.M{"used_by": id}, bson.M{"$set": bson.M{"used_by": int64(0)}}); err != nil {
		return out, fail(err, "anonymize invites used by user %d", id)
	}
	if _, err := s.c(colUpdates).DeleteMany(ctx, bson.M{"chat": id, "state": bson.M{"$ne": domain.UpdateNew}}); err != nil {
		return out, fail(err, "delete inbox entries of user %d", id)
	}
	if _, err := s.c(colChats).DeleteOne(ctx, bson.M{"_id": idOf(id)}); err != nil {
		return out, fail(err, "delete chat state of user %d", id)
	}
	if _, err := s.c(colUsers).DeleteOne(ctx, bson.M{"_id": idOf(id)}); err != nil {
		return out, fail(err, "delete user %d", id)
	}
	return out, nil
}

// anonymize replaces user id in the by/name fields and in every answer's "by" of the
// collection's documents (submissions, drafts or revisions), and returns how many
// documents changed. Answers are a map keyed by question id, which no index reaches, so
// it reads the whole collection through a cursor: /forgetme is rare and a district's
// reports number in the thousands.
func (s *Store) anonymize(ctx context.Context, col string, id int64, byField, nameField string) (int, error) {
	cur, err := s.c(col).Find(ctx, bson.M{})
	if err != nil {
		return 0, fail(err, "scan %s", col)
	}
	defer cur.Close(ctx)
	n := 0
	for cur.Next(ctx) {
		raw := cur.Current
		docID, _ := raw.Lookup("_id").StringValueOK()
		set := bson.M{}
		if by, ok := raw.Lookup(byField).AsInt64OK(); ok && by == id {
			set[byField] = int64(0)
			set[nameField] = domain.FormerReporter
		}
		if answers, ok := raw.Lookup("answers").DocumentOK(); ok {
			elems, _ := answers.Elements()
			for _, el := range elems {
				qid := el.Key()
				if strings.ContainsAny(qid, ".$") {
					continue // not addressable as a path; question ids never contain these
				}
				if a, ok := el.Value().DocumentOK(); ok {
					if by, ok := a.Lookup("by").AsInt64OK(); ok && by == id {
						set["answers."+qid+".by"] = int64(0)
					}
				}
			}
		}
		if len(set) == 0 || docID == "" {
			continue
		}
		if _, err := s.c(col).UpdateOne(ctx, bson.M{"_id": docID}, bson.M{"$set": set}); err != nil {
			return n, fail(err, "anonymize %s %s", col, docID)
		}
		n++
	}
	if err := cur.Err(); err != nil {
		return n, fail(err, "scan %s", col)
	}
	return n, nil
}
