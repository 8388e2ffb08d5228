package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/camgiang-edu/reportbot/config"
	"github.com/camgiang-edu/reportbot/storage"
	"github.com/rs/zerolog"
)

// MaxFileSize is the largest file, in bytes, that a command may read or write through its
// Env (64 MiB). The limit is the same in-process and over the socket, so a command behaves
// the same either way.
const MaxFileSize = 64 << 20

// Env is what one run of a command sees. Commands never touch the filesystem or the
// process's standard streams directly: over the socket the command runs inside the bot,
// and its files and output are the operator's, on the CLI side.
type Env struct {
	// Args are the arguments after the command's words.
	Args []string
	// Stdout is the operator's standard output. Over the socket it carries text: bytes that
	// are not UTF-8 arrive as U+FFFD, so binary data must go to a file through WriteFile.
	Stdout io.Writer
	// Services are shared by every command run of the process; they are safe for
	// concurrent use.
	Services *Services
	// ReadFile reads a whole file of the operator, at most MaxFileSize bytes. A relative
	// path is relative to the CLI's working directory. Errors match fs.ErrNotExist,
	// fs.ErrPermission and fs.ErrExist with errors.Is as os.ReadFile's do.
	ReadFile func(path string) ([]byte, error)
	// WriteFile creates or truncates a file of the operator, like os.WriteFile, with the
	// same path rules and size limit as ReadFile.
	WriteFile func(path string, data []byte, perm os.FileMode) error
}

// Services are what commands may use. The CLI process builds them when it runs a command
// itself; a running bot builds them once and shares them between concurrent commands.
// Features add the fields their commands need here, built in app next to Store.
type Services struct {
	// Store is the open store: the embedded one or MongoDB.
	Store storage.Store
	// Config is the process's configuration.
	Config config.Config
	// Now is the clock.
	Now func() time.Time
	// Log writes warnings and errors to the operator's stderr.
	Log zerolog.Logger
	// BotRunning is true when a bot serves the same embedded data directory: the command
	// shares the store with it.
	BotRunning bool
}

// localEnv is the Env of a command run in this process on the real filesystem.
func localEnv(svc *Services, stdout io.Writer) Env {
	return Env{Stdout: stdout, Services: svc, ReadFile: readLocal, WriteFile: writeLocal}
}

// readLocal is os.ReadFile limited to MaxFileSize.
func readLocal(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("read %s: %w", path, errTooLarge)
	}
	return data, nil
}

// writeLocal is os.WriteFile limited to MaxFileSize and to permission bits.
func writeLocal(path string, data []byte, perm os.FileMode) error {
	if len(data) > MaxFileSize {
		return fmt.Errorf("write %s: %w", path, errTooLarge)
	}
	return os.WriteFile(path, data, perm.Perm())
}

var errTooLarge = fmt.Errorf("file is larger than %d MiB", MaxFileSize>>20)
