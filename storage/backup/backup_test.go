package backup

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
	"time"
)

func TestWriterRead_RoundTripDropsSecrets(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, time.Date(2026, 12, 3, 1, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range []struct {
		col string
		doc any
	}{
		{ColSettings, Setting{ID: "secret.webhook", Value: "s3cret"}},
		{ColSettings, Setting{ID: LegacyWebhookSecret, Value: "old-s3cret"}},
		{ColSettings, Setting{ID: "bot", Value: "kept"}},
		{ColLeases, Lease{ID: "active", Holder: "a", Expires: time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)}},
	} {
		if err := w.Write(rec.col, rec.doc); err != nil {
			t.Fatal(err)
		}
	}
	counts, err := w.Close()
	if err != nil || counts[ColSettings] != 3 || counts[ColLeases] != 1 {
		t.Fatalf("counts = %v, %v", counts, err)
	}
	f, err := Read(bytes.NewReader(buf.Bytes()), "secret.")
	if err != nil {
		t.Fatal(err)
	}
	settings, err := Decode[Setting](f, ColSettings)
	if err != nil || len(settings) != 1 || settings[0].Value != "kept" {
		t.Fatalf("settings = %+v, %v; want only the non-secret one", settings, err)
	}
	leases, err := Decode[Lease](f, ColLeases)
	if err != nil || len(leases) != 1 || !leases[0].Expires.Equal(time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)) {
		t.Fatalf("leases = %+v, %v", leases, err)
	}
}

func TestRead_RefusesDamagedFiles(t *testing.T) {
	gz := func(s string) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.Bytes()
	}
	tests := []struct {
		name, want string
		data       []byte
	}{
		{"not gzip", "not a gzip file", []byte("plain text")},
		{"empty", "empty", gz("")},
		{"other format", "not a reportbot backup", gz(`{"format":"other"}` + "\n")},
		{"bad line", "line 2", gz(`{"format":"reportbot-backup-v1"}` + "\n{not json\n")},
		{"bad collection", "bad collection name", gz(`{"format":"reportbot-backup-v1"}` + "\n" + `{"c":"$x","d":{}}` + "\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Read(bytes.NewReader(tt.data), "secret."); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one saying %q", err, tt.want)
			}
		})
	}
}
