package handlers_test

import (
	"context"
	"testing"

	"github.com/camgiang-edu/reportbot/app/apptest"
	"github.com/camgiang-edu/reportbot/domain"
)

// TestReport_FlowEndsWhenTheUserNoLongerReports: a conversation left open by someone who
// was moved to another school, unlinked, or whose school was deactivated ends at the next
// step with a message saying why, and writes nothing to the old school's draft.
func TestReport_FlowEndsWhenTheUserNoLongerReports(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, h *apptest.Harness)
		want   string
	}{
		{"moved to another school", func(t *testing.T, h *apptest.Harness) {
			ctx := context.Background()
			if err := h.App.Store.PutSchool(ctx, domain.School{Code: "THCS-KHAC", Name: "Trường THCS Khác", Level: domain.LevelTHCS, Active: true}); err != nil {
				t.Fatal(err)
			}
			if _, err := h.App.Store.LinkReporter(ctx, principal, "THCS-KHAC"); err != nil {
				t.Fatal(err)
			}
		}, "không còn gắn với Trường THCS X"},
		{"unlinked", func(t *testing.T, h *apptest.Harness) {
			if err := h.App.Store.UnlinkReporter(context.Background(), principal); err != nil {
				t.Fatal(err)
			}
		}, "không còn gắn với trường nào"},
		{"school deactivated", func(t *testing.T, h *apptest.Harness) {
			if err := h.App.Store.SetSchoolActive(context.Background(), school, false); err != nil {
				t.Fatal(err)
			}
		}, "Trường THCS X đang tạm ngừng báo cáo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, lan := startReporting(t)
			m := send(t, lan, "/report")
			m = click(t, lan, m, "Có")
			must(t, m, "Số hoạt động")
			tt.change(t, h)
			m = send(t, lan, "7")
			must(t, m, tt.want)
			h.Drained()
			if d := draftOf(t, h); d.Answers["count"].Int != nil {
				t.Errorf("the old school's draft got the answer: %+v", d.Answers["count"])
			}
			if f, err := h.App.Store.ChatFlow(context.Background(), principal); err != nil || f.Name != "" {
				t.Errorf("flow after the change = %+v, %v; want none", f, err)
			}
		})
	}
}
