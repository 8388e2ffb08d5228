package domain

import "time"

// The lock-out against guessing invite codes: MaxWrongCodes wrong codes within
// WrongCodeWindow lock the user out of registering by code for WrongCodeLock.
const (
	MaxWrongCodes   = 5
	WrongCodeWindow = 10 * time.Minute
	WrongCodeLock   = time.Hour
)

// WrongCodeAt applies one more wrong code at now to the user's earlier wrong codes: it
// returns the wrong codes to keep (those within the window; none once locked), the end of
// the lock when this one starts it (else zero) and how many tries are left. Every storage
// engine keeps the same rule through it.
func WrongCodeAt(earlier []time.Time, now time.Time) (keep []time.Time, lockedUntil time.Time, left int) {
	keep = []time.Time{}
	for _, t := range append(earlier, now) {
		if now.Sub(t) < WrongCodeWindow {
			keep = append(keep, t)
		}
	}
	left = max(MaxWrongCodes-len(keep), 0)
	if len(keep) >= MaxWrongCodes {
		return []time.Time{}, now.Add(WrongCodeLock), left
	}
	return keep, time.Time{}, left
}
