//go:build !unix

package sqlite

import (
	"fmt"
	"os"
)

// lockDir opens the lock file without locking it: flock is not available on this system,
// so one bot per data directory is up to the operator.
func lockDir(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file %s: %w", path, err)
	}
	return f, nil
}
