package config

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// mustSecretFile writes a secret file, with the newline an editor adds.
func mustSecretFile(t *testing.T, value string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(path, []byte(value+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoad_SecretFiles(t *testing.T) {
	token := mustSecretFile(t, "123456:ABC-def")
	uri := mustSecretFile(t, "mongodb://reportbot:pw@mongo:27017/reportbot?replicaSet=rs0")
	hook := mustSecretFile(t, "s3cr3t")
	c, err := Load(nil, envOf(map[string]string{"TELEGRAM_BOT_TOKEN_FILE": token, "MONGODB_URI_FILE": uri, "WEBHOOK_SECRET_FILE": hook}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Token != "123456:ABC-def" || c.MongoURI != "mongodb://reportbot:pw@mongo:27017/reportbot?replicaSet=rs0" || c.WebhookSec != "s3cr3t" {
		t.Errorf("secrets from files = %q, %q, %q", c.Token, c.MongoURI, c.WebhookSec)
	}
	if c, err := Load([]string{"-mongodb-uri", "mongodb://flag"}, envOf(map[string]string{"MONGODB_URI_FILE": uri}), io.Discard); err != nil || c.MongoURI != "mongodb://flag" {
		t.Errorf("the flag must win over the file: %q, %v", c.MongoURI, err)
	}

	empty := mustSecretFile(t, " ")
	for name, env := range map[string]map[string]string{
		"TELEGRAM_BOT_TOKEN_FILE": {"TELEGRAM_BOT_TOKEN_FILE": "/nonexistent/token"},
		"MONGODB_URI_FILE":        {"MONGODB_URI": "mongodb://x", "MONGODB_URI_FILE": uri},
		"WEBHOOK_SECRET_FILE":     {"WEBHOOK_SECRET_FILE": empty},
	} {
		_, err := Load(nil, envOf(env), io.Discard)
		var ce *Error
		if !errors.As(err, &ce) || ce.Var != name {
			t.Errorf("%v: err = %v, want an error naming %s", env, err, name)
		}
	}
}

func TestEnvVars_AreTheOnesLoadReads(t *testing.T) {
	read := map[string]bool{}
	if _, err := Load(nil, func(k string) string { read[k] = true; return "" }, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, v := range EnvVars() {
		if !read[v] {
			t.Errorf("EnvVars lists %s, which Load does not read", v)
		}
		delete(read, v)
	}
	for v := range read {
		t.Errorf("Load reads %s, which EnvVars does not list", v)
	}
	if !slices.Contains(EnvVars(), "TELEGRAM_BOT_TOKEN_FILE") {
		t.Error("no *_FILE variants")
	}
}
