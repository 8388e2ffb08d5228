package domain

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Errors of one-time invite codes. Storage returns them from UseInvite; handlers turn each
// into its own message, so a principal learns whether to ask for a new code or retype it.
var (
	ErrInviteUnknown = errors.New("unknown invite code")
	ErrInviteUsed    = errors.New("invite code already used")
	ErrInviteExpired = errors.New("invite code expired")
)

// InviteAlphabet holds the characters of invite codes: upper-case letters and digits
// without the look-alikes 0/O, 1/I/L, so a code read aloud or from paper is typed right.
const InviteAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// InviteCodeLen is the length of a new invite code: 12 characters of a 31-letter alphabet
// are about 59 bits, far beyond guessing with the lock-out after 5 wrong codes.
const InviteCodeLen = 12

// DefaultInviteTTL is how long an invite code is valid unless configured otherwise.
const DefaultInviteTTL = 14 * 24 * time.Hour

// NewInviteCode returns a fresh random invite code from crypto/rand.
func NewInviteCode() (string, error) {
	const n = len(InviteAlphabet)
	limit := 256 - 256%n // reject bytes above the last whole multiple: no modulo bias
	out := make([]byte, 0, InviteCodeLen)
	buf := make([]byte, 2*InviteCodeLen)
	for len(out) < InviteCodeLen {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("read random bytes: %w", err)
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < InviteCodeLen {
				out = append(out, InviteAlphabet[int(b)%n])
			}
		}
	}
	return string(out), nil
}

// NormalizeInviteCode upper-cases a typed code and drops spaces and dashes, so
// "abcd-efgh jkmn" matches "ABCDEFGHJKMN". It does not check the alphabet.
func NormalizeInviteCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r == ' ' || r == '-' || r == '\t' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// InviteHash is the hex SHA-256 of a normalised invite code: the only form in which a
// code is stored, so a copy of the database does not hand out working codes.
func InviteHash(code string) string {
	sum := sha256.Sum256([]byte(NormalizeInviteCode(code)))
	return hex.EncodeToString(sum[:])
}

// Invite is a one-time registration code issued for a school. Code is set only when the
// invite was just created; the store keeps its hash.
type Invite struct {
	Code    string
	School  string
	Expires time.Time
}

// ImportResult is what an import of the school list did: the codes of the schools added
// and updated, and how many were already as the file says.
type ImportResult struct {
	Added     []string
	Updated   []string
	Unchanged int
}
