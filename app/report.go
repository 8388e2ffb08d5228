package app

import (
	"fmt"

	"github.com/camgiang-edu/reportbot/config"
	"github.com/camgiang-edu/reportbot/domain"
	"github.com/camgiang-edu/reportbot/handlers"
	"github.com/camgiang-edu/reportbot/storage"
	"go.yaml.in/yaml/v3"
)

// loadQuestionnaire returns the questionnaire of the config file's questionnaire section,
// or the embedded default when there is none. An invalid one stops the bot with an error
// naming the question at fault.
func loadQuestionnaire(f config.File) (*domain.Questionnaire, error) {
	if f.Questionnaire.Kind == 0 {
		return domain.DefaultQuestionnaire(), nil
	}
	data, err := yaml.Marshal(&f.Questionnaire)
	if err != nil {
		return nil, fmt.Errorf("config questionnaire: %w", err)
	}
	q, err := domain.ParseQuestionnaire(data)
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	return q, nil
}

// loadSchedule returns the reporting calendar, validated: the config file's periods
// section when there is one (it replaces the default entirely, so a district lists every
// period it wants), else the default six-month and annual reports.
func loadSchedule(f config.File) (domain.PeriodSchedule, error) {
	s := domain.DefaultPeriodSchedule()
	if f.Periods.Kind != 0 {
		s = domain.PeriodSchedule{}
		if err := config.Decode(&f.Periods, &s); err != nil {
			return s, fmt.Errorf("config periods: %w", err)
		}
	}
	if err := s.Validate(); err != nil {
		return s, fmt.Errorf("config periods: %w", err)
	}
	return s, nil
}

// The store serves the report conversation.
var _ handlers.ReportStore = (storage.Store)(nil)
