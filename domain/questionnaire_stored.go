package domain

import "fmt"

// DecodeStoredQuestionnaire reads back a questionnaire a store kept as JSON under its version
// and checks that it is still that version.
func DecodeStoredQuestionnaire(version, content string) (*Questionnaire, error) {
	q, err := ParseQuestionnaire([]byte(content)) // JSON is YAML
	if err != nil {
		return nil, fmt.Errorf("decode questionnaire %s: %w", version, err)
	}
	if q.Version() != version {
		return nil, fmt.Errorf("questionnaire %s reads back as version %s", version, q.Version())
	}
	return q, nil
}
