package domain

import (
	"reflect"
	"testing"
	"time"
)

func TestChangedAnswers(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	b := func(v bool) *bool { return &v }
	old := map[string]Answer{
		"a": {Int: n(1), By: 1}, "b": {Bool: b(true)}, "c": {Text: "x"}, "d": {File: &FileRef{FileID: "f1"}}, "gone": {Choice: "o"},
	}
	new := map[string]Answer{
		"a": {Int: n(1), By: 2, At: time.Now()}, // same value, other reporter: unchanged
		"b": {Bool: b(false)}, "c": {Text: "x"}, "d": {File: &FileRef{FileID: "f2"}}, "added": {Skipped: true},
	}
	if got, want := ChangedAnswers(old, new), []string{"added", "b", "d", "gone"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ChangedAnswers = %v, want %v", got, want)
	}
	if got := ChangedAnswers(nil, map[string]Answer{"a": {Int: n(0)}}); !reflect.DeepEqual(got, []string{"a"}) {
		t.Errorf("first submission: %v", got)
	}
	if RevisionID("2026-Y", "THCS-X", 3) != "2026-Y:THCS-X:3" {
		t.Error(RevisionID("2026-Y", "THCS-X", 3))
	}
}

func TestReportEditState(t *testing.T) {
	p := Period{
		Opens:  time.Date(2026, 5, 20, 0, 0, 0, 0, time.UTC),
		DueAt:  time.Date(2026, 6, 20, 0, 0, 0, 0, time.UTC),
		Closes: time.Date(2026, 7, 20, 0, 0, 0, 0, time.UTC),
	}
	before, open, late, closed := p.Opens.Add(-time.Hour), p.DueAt.Add(-time.Second), p.DueAt, p.Closes
	tests := []struct {
		name                string
		now                 time.Time
		submitted, reopened bool
		want                EditState
		allowed             bool
	}{
		{"not open yet", before, false, false, EditNotYet, false},
		{"reopen does not open early", before, true, true, EditNotYet, false},
		{"open", open, false, false, EditOpen, true},
		{"revise before the deadline", open, true, false, EditRevise, true},
		{"late: not sent yet", late, false, false, EditLate, true},
		{"late: sent is locked", late, true, false, EditLocked, false},
		{"late: reopened", late, true, true, EditReopened, true},
		{"closed: not sent", closed, false, false, EditClosed, false},
		{"closed: sent", closed, true, false, EditLocked, false},
		{"closed: reopened", closed, false, true, EditReopened, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ReportEditState(p, tt.now, tt.submitted, tt.reopened)
			if got != tt.want || got.Allowed() != tt.allowed {
				t.Errorf("ReportEditState = %v (allowed %v), want %v (allowed %v)", got, got.Allowed(), tt.want, tt.allowed)
			}
		})
	}
}
