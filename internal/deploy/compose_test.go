package deploy

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/camgiang-edu/reportbot/config"
	"go.yaml.in/yaml/v3"
)

// root is the repository, two folders up.
const root = "../.."

// composeFiles are the files the README's production section describes.
var composeFiles = []string{"docker-compose.yml", "docker-compose.webhook.yml"}

type composeFile struct {
	Services map[string]service `yaml:"services"`
	Volumes  map[string]any     `yaml:"volumes"`
	Secrets  map[string]struct {
		File string `yaml:"file"`
	} `yaml:"secrets"`
}

type service struct {
	Build           any               `yaml:"build"`
	Image           string            `yaml:"image"`
	Entrypoint      []string          `yaml:"entrypoint"`
	Environment     map[string]string `yaml:"environment"`
	Secrets         []string          `yaml:"secrets"`
	Volumes         []any             `yaml:"volumes"` // "source:target[:ro]" or a long-form map
	StopGracePeriod string            `yaml:"stop_grace_period"`
	Healthcheck     *struct {
		Test []string `yaml:"test"`
	} `yaml:"healthcheck"`
}

// bot reports whether the service runs the bot's image.
func (s service) bot() bool { return s.Build != nil || strings.HasPrefix(s.Image, "reportbot") }

// volumeMount returns a volume entry's source and target.
func volumeMount(v any) (source, target string) {
	switch v := v.(type) {
	case string:
		parts := strings.Split(v, ":")
		if len(parts) < 2 {
			return "", parts[0]
		}
		return parts[0], parts[1]
	case map[string]any:
		s, _ := v["source"].(string)
		t, _ := v["target"].(string)
		return s, t
	}
	return "", ""
}

func mustCompose(t *testing.T, name string) composeFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		t.Fatal(err)
	}
	var f composeFile
	if err := yaml.Unmarshal(data, &f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

// merged is the project of both files as "docker compose -f … -f …" sees the bot's
// services: environment maps and secret lists merged.
func merged(t *testing.T) map[string]service {
	t.Helper()
	out := map[string]service{}
	for _, name := range composeFiles {
		for n, s := range mustCompose(t, name).Services {
			prev, ok := out[n]
			if !ok {
				out[n] = s
				continue
			}
			if prev.Environment == nil {
				prev.Environment = map[string]string{}
			}
			for k, v := range s.Environment {
				prev.Environment[k] = v
			}
			prev.Secrets = append(prev.Secrets, s.Secrets...)
			out[n] = prev
		}
	}
	return out
}

func TestCompose_BotEnvironmentIsWhatTheBotReads(t *testing.T) {
	known := config.EnvVars()
	for _, name := range composeFiles {
		for sn, s := range mustCompose(t, name).Services {
			if !s.bot() {
				continue
			}
			for v := range s.Environment {
				if !slices.Contains(known, v) {
					t.Errorf("%s: service %s sets %s, which the bot does not read", name, sn, v)
				}
			}
		}
	}
	secrets := map[string]bool{}
	for _, name := range composeFiles {
		for s := range mustCompose(t, name).Secrets {
			secrets[s] = true
		}
	}
	for sn, s := range merged(t) {
		if !s.bot() {
			continue
		}
		for v, val := range s.Environment {
			if strings.HasSuffix(v, "_FILE") {
				secret, ok := strings.CutPrefix(val, "/run/secrets/")
				if !ok || !slices.Contains(s.Secrets, secret) || !secrets[secret] {
					t.Errorf("service %s: %s=%s is not a secret given to it", sn, v, val)
				}
			}
			if v == "TELEGRAM_BOT_TOKEN" || v == "MONGODB_URI" || v == "WEBHOOK_SECRET" {
				t.Errorf("service %s: %s in plain environment; use %s_FILE", sn, v, v)
			}
		}
		for _, must := range []string{"TELEGRAM_BOT_TOKEN_FILE", "MONGODB_URI_FILE", "REPORTBOT_CONFIG"} {
			if s.Environment[must] == "" {
				t.Errorf("service %s does not set %s", sn, must)
			}
		}
		mounted := false
		for _, v := range s.Volumes {
			if _, target := volumeMount(v); target == s.Environment["REPORTBOT_CONFIG"] {
				mounted = true
			}
		}
		if !mounted {
			t.Errorf("service %s: REPORTBOT_CONFIG=%s is not mounted", sn, s.Environment["REPORTBOT_CONFIG"])
		}
		// The bot stops within 20 s: HTTP 5 s, drain 10 s (app.Options.Drain), store 5 s.
		if d, err := time.ParseDuration(s.StopGracePeriod); err != nil || d <= 20*time.Second {
			t.Errorf("service %s: stop_grace_period %q; want above the bot's 20 s stop", sn, s.StopGracePeriod)
		}
		if s.Healthcheck == nil || !strings.Contains(strings.Join(s.Healthcheck.Test, " "), "reportbot healthcheck") {
			t.Errorf("service %s: the health check must run reportbot healthcheck", sn)
		}
	}
}

func TestCompose_MongoAndWebhookLayout(t *testing.T) {
	svc := merged(t)
	mongo := svc["mongo"]
	start, err := os.ReadFile(filepath.Join(root, "deploy", "mongo-start.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(start), "--replSet rs0") || !strings.Contains(string(start), "--keyFile") || !slices.Contains(mongo.Entrypoint, "/deploy/mongo-start.sh") {
		t.Error("mongo must run deploy/mongo-start.sh, a replica set member with a key file")
	}
	if hc := strings.Join(mongo.Healthcheck.Test, " "); !strings.Contains(hc, "ping") || !strings.Contains(hc, "rs.status().ok") {
		t.Errorf("mongo's health check must mean ready: %s", hc)
	}
	init, err := os.ReadFile(filepath.Join(root, "deploy", "mongo-init.sh"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"rs.initiate", "createUser", "updateUser", `"readWrite"`} {
		if !strings.Contains(string(init), want) {
			t.Errorf("deploy/mongo-init.sh lacks %s", want)
		}
	}
	bot := svc["reportbot"]
	if uri := "/run/secrets/mongodb_uri"; bot.Environment["MONGODB_URI_FILE"] != uri {
		t.Errorf("MONGODB_URI_FILE = %q", bot.Environment["MONGODB_URI_FILE"])
	}
	caddy, err := os.ReadFile(filepath.Join(root, "deploy", "Caddyfile"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"lb_policy first", "health_uri /readyz?role=active", "reverse_proxy reportbot:8080 reportbot-2:8080"} {
		if !strings.Contains(string(caddy), want) {
			t.Errorf("deploy/Caddyfile lacks %q: webhooks must all go to the one active replica", want)
		}
	}
	hookPath := svc["caddy"].Environment["WEBHOOK_PATH"]
	for _, n := range []string{"reportbot", "reportbot-2"} {
		if u := svc[n].Environment["WEBHOOK_URL"]; hookPath == "" || !strings.HasSuffix(u, hookPath) {
			t.Errorf("%s: WEBHOOK_URL %q does not end with Caddy's WEBHOOK_PATH %q", n, u, hookPath)
		}
	}
}

// readmeRow is one line of the README's table of services.
type readmeRow struct {
	service, file string
	health        bool
	volumes       []string
}

var backticked = regexp.MustCompile("`([^`]+)`")

// readmeServices reads the table of services of the README's production section.
func readmeServices(t *testing.T) []readmeRow {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "## Production with Docker")
	if !ok {
		t.Fatal("README has no section \"Production with Docker\"")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var rows []readmeRow
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if !strings.HasPrefix(line, "| `") || len(cells) != 4 {
			continue
		}
		r := readmeRow{service: strings.Trim(cells[0], "`"), file: strings.Trim(cells[1], "`"), health: !strings.HasPrefix(cells[2], "—")}
		for _, m := range backticked.FindAllStringSubmatch(cells[3], -1) {
			r.volumes = append(r.volumes, m[1])
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		t.Fatal("README's production section has no table of services")
	}
	return rows
}

func TestREADME_NamesWhatTheComposeFilesHold(t *testing.T) {
	named := map[string]bool{}
	for _, r := range readmeServices(t) {
		named[r.file+"/"+r.service] = true
		f := mustCompose(t, r.file)
		s, ok := f.Services[r.service]
		if !ok {
			t.Errorf("README names service %s in %s, which has none", r.service, r.file)
			continue
		}
		if r.health != (s.Healthcheck != nil) {
			t.Errorf("%s: README says health check %v, the file %v", r.service, r.health, s.Healthcheck != nil)
		}
		for _, v := range r.volumes {
			if _, ok := f.Volumes[v]; !ok {
				t.Errorf("README names volume %s, which %s does not declare", v, r.file)
			}
			found := false
			for _, m := range s.Volumes {
				if src, _ := volumeMount(m); src == v {
					found = true
				}
			}
			if !found {
				t.Errorf("README says %s uses volume %s; it does not mount it", r.service, v)
			}
		}
	}
	for _, name := range composeFiles {
		for sn := range mustCompose(t, name).Services {
			if name == "docker-compose.webhook.yml" && sn == "reportbot" {
				continue // the override of the first file's bot
			}
			if !named[name+"/"+sn] {
				t.Errorf("%s: service %s is not in the README's table", name, sn)
			}
		}
	}
	data, _ := os.ReadFile(filepath.Join(root, "README.md"))
	for _, m := range regexp.MustCompile("`(deploy/[^`]+)`").FindAllStringSubmatch(string(data), -1) {
		if _, err := os.Stat(filepath.Join(root, m[1])); err != nil {
			t.Errorf("README names %s: %v", m[1], err)
		}
	}
}
