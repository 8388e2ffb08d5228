package mongo

import (
	"context"
	"fmt"

	"github.com/camgiang-edu/reportbot/domain"
)

// SaveStep writes a conversation step: the draft change first, then the chat's new flow
// carrying the update that caused it (ChatFlow.Update). Both writes are idempotent, and
// the order makes a crash between them harmless: the flow still shows the old question and
// the update is not marked handled, so its replay applies the same answer again and then
// moves the flow on. It returns domain.ErrNotFound when the change's draft does not exist.
func (s *Store) SaveStep(ctx context.Context, st domain.Step) error {
	if d := st.Draft; d != nil && (len(d.Set) > 0 || len(d.Drop) > 0) {
		if err := s.ChangeAnswers(ctx, d.Period, d.School, d.Set, d.Drop, d.By, d.ByName); err != nil {
			return fmt.Errorf("save step of chat %d: %w", st.Flow.ChatID, err)
		}
	}
	if err := s.applyFlow(ctx, st.Flow); err != nil {
		return fmt.Errorf("save step of chat %d: %w", st.Flow.ChatID, err)
	}
	return nil
}
