package custody

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/paychoreo/choreography/internal/store"
)

// FinalKey holds how a file ended.
func FinalKey(fileID string) string { return "final|" + fileID }

// Decide records how a file ends (created, rejected or compensated) unless that is
// decided already, and returns the outcome that holds. It is one first-write key, so a
// file's release and the keeper's compensation cannot both win: whichever writes first
// decides, before anything is moved or undone. The decision is kept for keep: longer
// than any redelivery or dead letter of the file's events can arrive.
func Decide(ctx context.Context, st store.State, fileID, outcome string, keep time.Duration) (string, error) {
	err := st.Create(ctx, FinalKey(fileID), outcome, keep)
	if err == nil || !errors.Is(err, store.ErrConflict) {
		return outcome, err
	}
	var held string
	if found, err := st.Get(ctx, FinalKey(fileID), &held); err != nil || !found {
		return "", fmt.Errorf("read the outcome of %s after a conflict: %w", fileID, errors.Join(err, store.ErrConflict))
	}
	return held, nil
}
