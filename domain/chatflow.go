package domain

import "time"

// ChatFlow is the multi-step conversation a private chat is in, such as entering a report
// or confirming an announcement. Plain messages in the chat go to the flow's handler. Data
// holds the flow's own small state (ids, never answers).
type ChatFlow struct {
	Name    string            `bson:"name" json:"name"`
	Step    string            `bson:"step,omitempty" json:"step,omitempty"`
	Data    map[string]string `bson:"data,omitempty" json:"data,omitempty"`
	Updated time.Time         `bson:"updated" json:"updated"`
	// Update is the id of the Telegram update whose handling wrote this state (0 when not
	// known). An update whose id is not above it was applied already and is not applied again.
	Update int64 `bson:"update,omitempty" json:"update,omitempty"`
}
