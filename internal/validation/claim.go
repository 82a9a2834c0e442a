package validation

import (
	"context"
	"errors"
	"fmt"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/store"
)

// fileClaim records that sender_id + file_reference was accepted, for ever (until a
// compensation releases it so that the sender can resubmit). First write wins.
type fileClaim struct {
	FileID string `json:"file_id"`
	Blob   string `json:"blob"`
	SHA256 string `json:"sha256"`
}

// FileClaimKey is where the claim of a sender's file_reference is held.
func FileClaimKey(sender, ref string) string { return "fileref|" + sender + "|" + ref }

// ownerKey lets compensation find the claim of a file from its id alone. It is written
// before the claim (point), so a file without it holds no claim.
func ownerKey(fileID string) string { return "file|" + fileID }

// ClaimReference takes sender + file_reference for the file. It returns a
// DUPLICATE_FILE message when another file holds the reference, "" when this file holds
// it (now, or since an earlier delivery).
func ClaimReference(ctx context.Context, s store.State, ref events.FileRef, sender, fileRef string) (string, error) {
	key := FileClaimKey(sender, fileRef)
	err := s.Create(ctx, key, fileClaim{FileID: ref.FileID, Blob: ref.Blob, SHA256: ref.SHA256}, 0)
	if err == nil || !errors.Is(err, store.ErrConflict) {
		return "", err
	}
	var held fileClaim
	if found, err := s.Get(ctx, key, &held); err != nil || !found {
		return "", fmt.Errorf("read claim %s after a conflict: %w", key, errors.Join(err, store.ErrConflict))
	}
	if held.FileID == ref.FileID {
		return "", nil
	}
	same := ""
	if held.SHA256 == ref.SHA256 {
		same = " with identical content"
	}
	return fmt.Sprintf("sender %s already submitted file_reference %s as %q (file %s)%s",
		sender, fileRef, held.Blob, held.FileID, same), nil
}

// ReleaseReference frees the claim a file holds; a no-op when it holds none, and never
// the claim another file took in the meantime.
func ReleaseReference(ctx context.Context, s store.State, fileID string) error {
	var key string
	if found, err := s.Get(ctx, ownerKey(fileID), &key); err != nil || !found {
		return err
	}
	err := store.Update(ctx, s, key, func(c *fileClaim, found bool) (store.Op, error) {
		if found && c.FileID == fileID {
			return store.Remove, nil
		}
		return store.Keep, nil
	})
	if err != nil {
		return err
	}
	return s.Delete(ctx, ownerKey(fileID))
}
