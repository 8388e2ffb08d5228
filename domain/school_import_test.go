package domain

import (
	"errors"
	"slices"
	"testing"
)

func TestPlanImport(t *testing.T) {
	stored := []School{
		{Code: "MN-A", Name: "Mầm non A", Level: LevelMN, Phones: []string{"0912345678"}},
		{Code: "TH-B", Name: "Tiểu học B", Level: LevelTH},
	}
	tests := []struct {
		name       string
		in         []School
		keepPhones bool
		added      []string
		updated    []string
		unchanged  int
		err        error
	}{
		{"new, changed and same", []School{{Code: "MN-A", Name: "Mầm non A", Level: LevelMN, Phones: []string{"0912345678"}},
			{Code: "TH-B", Name: "Tiểu học B mới", Level: LevelTH}, {Code: "THCS-C", Name: "THCS C", Level: LevelTHCS}},
			false, []string{"THCS-C"}, []string{"TH-B"}, 1, nil},
		{"a file without phones keeps them", []School{{Code: "MN-A", Name: "Mầm non A", Level: LevelMN}}, true, nil, nil, 1, nil},
		{"a file without phones would clear them", []School{{Code: "MN-A", Name: "Mầm non A", Level: LevelMN}}, false, nil, []string{"MN-A"}, 0, nil},
		{"bad code", []School{{Code: "mn a", Name: "x", Level: LevelMN}}, false, nil, nil, 0, ErrBadSchoolCode},
		{"unknown level", []School{{Code: "MN-X", Name: "x", Level: "DH"}}, false, nil, nil, 0, ErrUnknownLevel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, res, err := PlanImport(stored, tt.in, tt.keepPhones)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(res.Added, tt.added) || !slices.Equal(res.Updated, tt.updated) || res.Unchanged != tt.unchanged {
				t.Errorf("result = %+v", res)
			}
			if len(plan) != len(tt.added)+len(tt.updated) {
				t.Errorf("plan has %d writes, want %d", len(plan), len(tt.added)+len(tt.updated))
			}
			for _, c := range plan {
				if c.New != slices.Contains(tt.added, c.School.Code) {
					t.Errorf("%s: New = %v", c.School.Code, c.New)
				}
			}
		})
	}
	if _, _, err := PlanImport(nil, []School{{Code: "MN-A", Name: "A", Level: LevelMN}, {Code: "MN-A", Name: "A", Level: LevelMN}}, false); err == nil {
		t.Error("a code listed twice was accepted")
	}
}
