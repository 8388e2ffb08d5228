//go:build unix

package sqlite

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/camgiang-edu/reportbot/storage"
)

// lockDir takes an exclusive, non-blocking flock on the lock file and returns the open
// file that holds it. The kernel drops the lock when the file is closed or the process
// dies, so a crash never leaves the directory locked.
func lockDir(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, osFailure("open lock file "+path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("lock %s: %w", path, storage.ErrLocked)
		}
		return nil, osFailure("lock "+path, err)
	}
	return f, nil
}
