// Package config reads reportbot's settings: environment variables, overridden by flags,
// plus an optional YAML file for the reporting calendar, reminder plan and questionnaire.
// A missing or malformed value is an *Error naming the variable and the expected form.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the zone database inside the binary: the container has none

	"github.com/rs/zerolog"
	"go.yaml.in/yaml/v3"
)

// Config is the whole configuration of one process.
type Config struct {
	Token       string // TELEGRAM_BOT_TOKEN(_FILE); required to serve, not for CLI commands
	APIEndpoint string // TELEGRAM_API_ENDPOINT, a URL pattern with two %s
	MongoURI    string // MONGODB_URI(_FILE); empty = embedded store in DataDir
	Database    string // MONGODB_DATABASE
	DataDir     string // DATA_DIR
	AdminIDs    []int64
	Location    *time.Location // TIMEZONE
	LogLevel    zerolog.Level
	LogFormat   string // "json" or "console"
	PollTimeout int    // TELEGRAM_POLL_TIMEOUT, seconds
	ListenAddr  string // LISTEN_ADDR for health, metrics and the webhook
	WebhookURL  string // WEBHOOK_URL; empty = long polling
	WebhookSec  string // WEBHOOK_SECRET(_FILE); generated and stored when empty
	ConfigFile  string // REPORTBOT_CONFIG
	// ReplicaID names this replica in the active lease (REPLICA_ID; default: host name and
	// the absolute DATA_DIR). A restarted process with the same id takes its lease back at
	// once; replicas sharing a MongoDB need different ids.
	ReplicaID string
	File      File // the YAML file's content; zero when there is none
	Args      []string
}

// File is the optional YAML configuration. Each section is decoded by the package that owns
// it (see Decode), so the file's schema lives next to the code that uses it.
type File struct {
	Periods       yaml.Node `yaml:"periods"`
	Reminders     yaml.Node `yaml:"reminders"`
	Sender        yaml.Node `yaml:"sender"`
	Questionnaire yaml.Node `yaml:"questionnaire"`
	Export        yaml.Node `yaml:"export"`
	Retention     yaml.Node `yaml:"retention"`
	InviteDays    int       `yaml:"invite_days"`
}

// Decode decodes a section into v, rejecting unknown fields. An absent section leaves v as
// it is, so v can hold the defaults.
func Decode(section *yaml.Node, v any) error {
	if section == nil || section.Kind == 0 {
		return nil
	}
	data, err := yaml.Marshal(section)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	return dec.Decode(v)
}

// ErrHelp is returned by Load for -help or -h, after the flags' usage was printed.
var ErrHelp = errors.New("help requested")

// Error is a configuration mistake: which variable, and what form it must take.
type Error struct {
	Var  string
	Want string
	Got  string
}

func (e *Error) Error() string {
	if e.Got == "" {
		return fmt.Sprintf("%s is not set: %s", e.Var, e.Want)
	}
	return fmt.Sprintf("%s=%q is invalid: %s", e.Var, e.Got, e.Want)
}

// EnvVars lists every environment variable Load reads, for deployment files and their
// tests. A secret setting X may instead be given as X_FILE, the path of a file holding it
// (Docker secrets): TELEGRAM_BOT_TOKEN, MONGODB_URI and WEBHOOK_SECRET.
func EnvVars() []string {
	vars := []string{"REPORTBOT_CONFIG", "TELEGRAM_API_ENDPOINT", "MONGODB_DATABASE", "DATA_DIR", "ADMIN_IDS",
		"TIMEZONE", "LOG_LEVEL", "LOG_FORMAT", "LISTEN_ADDR", "WEBHOOK_URL", "TELEGRAM_POLL_TIMEOUT", "REPLICA_ID"}
	for _, s := range secretVars {
		vars = append(vars, s, s+"_FILE")
	}
	return vars
}

// secretVars are the settings that may come from a file named by <name>_FILE.
var secretVars = []string{"TELEGRAM_BOT_TOKEN", "MONGODB_URI", "WEBHOOK_SECRET"}

// secret reads setting name from the environment or from the file named by name_FILE,
// trimmed of surrounding white space (the newline an editor adds). Setting both is a
// mistake, as is a file that cannot be read or is empty.
func secret(name string, getenv func(string) string) (string, error) {
	v, path := strings.TrimSpace(getenv(name)), strings.TrimSpace(getenv(name+"_FILE"))
	if path == "" {
		return v, nil
	}
	if v != "" {
		return "", &Error{Var: name + "_FILE", Got: path, Want: "either " + name + " or " + name + "_FILE, not both"}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", &Error{Var: name + "_FILE", Got: path, Want: "a readable file holding " + name + " (" + err.Error() + ")"}
	}
	if v = strings.TrimSpace(string(data)); v == "" {
		return "", &Error{Var: name + "_FILE", Got: path, Want: "a file holding " + name + ", not an empty one"}
	}
	return v, nil
}

// Load reads the environment (through getenv) and the command line. Flags win over the
// environment; secret settings may come from files (see EnvVars). args excludes the program name; the arguments left after the flags (a CLI
// subcommand) are in Config.Args.
func Load(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	env := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	secrets := map[string]string{}
	for _, name := range secretVars {
		v, err := secret(name, getenv)
		if err != nil {
			return Config{}, err
		}
		secrets[name] = v
	}
	var c Config
	var admins, tz, level string
	fs := flag.NewFlagSet("reportbot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.ConfigFile, "config", env("REPORTBOT_CONFIG", ""), "YAML file with periods, reminders and questionnaire (REPORTBOT_CONFIG)")
	fs.StringVar(&c.APIEndpoint, "api-endpoint", env("TELEGRAM_API_ENDPOINT", "https://api.telegram.org/bot%s/%s"), "Bot API URL pattern (TELEGRAM_API_ENDPOINT)")
	fs.StringVar(&c.MongoURI, "mongodb-uri", "", "MongoDB URI; empty runs the embedded store (MONGODB_URI or MONGODB_URI_FILE)")
	fs.StringVar(&c.Database, "mongodb-database", env("MONGODB_DATABASE", "reportbot"), "database name (MONGODB_DATABASE)")
	fs.StringVar(&c.DataDir, "data-dir", env("DATA_DIR", "./data"), "folder of the embedded SQLite database, its lock and backups (DATA_DIR)")
	fs.StringVar(&admins, "admin-ids", env("ADMIN_IDS", ""), "comma-separated Telegram user ids of district officers (ADMIN_IDS)")
	fs.StringVar(&tz, "timezone", env("TIMEZONE", "Asia/Ho_Chi_Minh"), "IANA time zone of deadlines and reminders (TIMEZONE)")
	fs.StringVar(&level, "log-level", env("LOG_LEVEL", "info"), "debug, info, warn or error (LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", env("LOG_FORMAT", "json"), "json or console (LOG_FORMAT)")
	fs.StringVar(&c.ListenAddr, "listen", env("LISTEN_ADDR", "127.0.0.1:8080"), "address of /healthz, /readyz, /metrics and the webhook (LISTEN_ADDR)")
	fs.StringVar(&c.WebhookURL, "webhook-url", env("WEBHOOK_URL", ""), "public HTTPS URL for webhook mode; empty polls (WEBHOOK_URL)")
	fs.StringVar(&c.ReplicaID, "replica-id", env("REPLICA_ID", ""), "this replica's name in the active lease; default host name and DATA_DIR (REPLICA_ID)")
	pollTimeout := env("TELEGRAM_POLL_TIMEOUT", "30")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return Config{}, ErrHelp // the flag package printed the usage
		}
		return Config{}, &Error{Var: "flags", Want: err.Error()}
	}
	c.Args = fs.Args()
	if c.ReplicaID == "" {
		host, _ := os.Hostname()
		dir, _ := filepath.Abs(c.DataDir)
		c.ReplicaID = host + ":" + dir
	}
	if c.MongoURI == "" { // not the flag's default: -help would print the password
		c.MongoURI = secrets["MONGODB_URI"]
	}
	c.Token = secrets["TELEGRAM_BOT_TOKEN"]
	c.WebhookSec = secrets["WEBHOOK_SECRET"]

	var err error
	if c.AdminIDs, err = parseIDs(admins); err != nil {
		return Config{}, &Error{Var: "ADMIN_IDS", Got: admins, Want: "comma-separated numeric Telegram user ids, e.g. 123456789,987654321"}
	}
	if c.Location, err = time.LoadLocation(tz); err != nil {
		return Config{}, &Error{Var: "TIMEZONE", Got: tz, Want: "an IANA time zone name such as Asia/Ho_Chi_Minh"}
	}
	if c.LogLevel, err = zerolog.ParseLevel(strings.ToLower(level)); err != nil || level == "" {
		return Config{}, &Error{Var: "LOG_LEVEL", Got: level, Want: "one of debug, info, warn, error"}
	}
	if c.LogFormat != "json" && c.LogFormat != "console" {
		return Config{}, &Error{Var: "LOG_FORMAT", Got: c.LogFormat, Want: "json or console"}
	}
	if c.PollTimeout, err = strconv.Atoi(pollTimeout); err != nil || c.PollTimeout < 1 || c.PollTimeout > 50 {
		return Config{}, &Error{Var: "TELEGRAM_POLL_TIMEOUT", Got: pollTimeout, Want: "whole seconds from 1 to 50"}
	}
	if strings.Count(c.APIEndpoint, "%s") != 2 || !strings.HasPrefix(c.APIEndpoint, "http") {
		return Config{}, &Error{Var: "TELEGRAM_API_ENDPOINT", Got: c.APIEndpoint, Want: "an http(s) URL pattern with two %s, e.g. https://api.telegram.org/bot%s/%s"}
	}
	if c.MongoURI != "" && !strings.HasPrefix(c.MongoURI, "mongodb://") && !strings.HasPrefix(c.MongoURI, "mongodb+srv://") {
		return Config{}, &Error{Var: "MONGODB_URI", Got: "(hidden)", Want: "a URI starting with mongodb:// or mongodb+srv://, or empty for the embedded store"}
	}
	if c.WebhookURL != "" && !strings.HasPrefix(c.WebhookURL, "https://") {
		return Config{}, &Error{Var: "WEBHOOK_URL", Got: c.WebhookURL, Want: "an https:// URL Telegram can reach, or empty for long polling"}
	}
	if c.ConfigFile != "" {
		data, err := os.ReadFile(c.ConfigFile)
		if err != nil {
			return Config{}, &Error{Var: "REPORTBOT_CONFIG", Got: c.ConfigFile, Want: "a readable YAML file (" + err.Error() + ")"}
		}
		dec := yaml.NewDecoder(strings.NewReader(string(data)))
		dec.KnownFields(true)
		if err := dec.Decode(&c.File); err != nil && err != io.EOF {
			return Config{}, &Error{Var: "REPORTBOT_CONFIG", Got: c.ConfigFile, Want: "valid YAML with the sections periods, reminders, sender, questionnaire, export, retention, invite_days (" + err.Error() + ")"}
		}
	}
	return c, nil
}

// RequireToken checks the settings needed to serve (not needed by CLI commands).
func (c Config) RequireToken() error {
	if c.Token == "" {
		return &Error{Var: "TELEGRAM_BOT_TOKEN", Want: "the bot token from @BotFather, e.g. TELEGRAM_BOT_TOKEN=123456:ABC... go run ."}
	}
	if !strings.Contains(c.Token, ":") || strings.ContainsAny(c.Token, " /\t") {
		return &Error{Var: "TELEGRAM_BOT_TOKEN", Got: "(hidden)", Want: "the form <digits>:<letters> that @BotFather gives"}
	}
	return nil
}

func parseIDs(s string) ([]int64, error) {
	var out []int64
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("bad id %q", f)
		}
		out = append(out, id)
	}
	return out, nil
}
