package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/step"
)

// fileClaim records that sender_id + file_reference was accepted, for ever (until a
// compensation releases it so that the sender can resubmit). First write wins.
type fileClaim struct {
	FileID string `json:"file_id"`
	Blob   string `json:"blob"`
	SHA256 string `json:"sha256"`
}

func fileClaimKey(sender, ref string) string { return "fileref|" + sender + "|" + ref }

// ownerKey lets compensation find the claim of a file from its id alone. It is written
// before the claim (validator.point), so a file without it holds no claim.
func ownerKey(fileID string) string { return "file|" + fileID }

// claimReference returns a DUPLICATE_FILE message when another file already holds the
// reference, "" when this file holds it (now, or since an earlier delivery).
func (v *validator) claimReference(ctx context.Context, ref events.FileRef, f *payment.File) (string, error) {
	key := fileClaimKey(f.Sender.ID, f.FileReference) // its pointer is written (point)
	mine := fileClaim{FileID: ref.FileID, Blob: ref.Blob, SHA256: ref.SHA256}
	err := v.app.Sidecar.CreateState(ctx, step.AppState, key, mine)
	if err == nil || !errors.Is(err, step.ErrConflict) {
		return "", err
	}
	var held fileClaim
	if _, found, err := v.app.Sidecar.GetState(ctx, step.AppState, key, &held); err != nil || !found {
		return "", fmt.Errorf("read claim %s after a conflict: %w", key, errors.Join(err, step.ErrConflict))
	}
	if held.FileID == ref.FileID {
		return "", nil
	}
	same := ""
	if held.SHA256 == ref.SHA256 {
		same = " with identical content"
	}
	return fmt.Sprintf("sender %s already submitted file_reference %s as %q (file %s)%s",
		f.Sender.ID, f.FileReference, held.Blob, held.FileID, same), nil
}

// releaseReference frees the claim a file holds; a no-op when it holds none.
func (v *validator) releaseReference(ctx context.Context, fileID string) error {
	var key string
	_, found, err := v.app.Sidecar.GetState(ctx, step.AppState, ownerKey(fileID), &key)
	if err != nil || !found {
		return err
	}
	var held fileClaim
	etag, found, err := v.app.Sidecar.GetState(ctx, step.AppState, key, &held)
	if err != nil {
		return err
	}
	if found && held.FileID == fileID {
		// Through the ETag: never delete a claim another file took in the meantime.
		if err := v.app.Sidecar.DeleteStateIf(ctx, step.AppState, key, etag); err != nil && !errors.Is(err, step.ErrConflict) {
			return err
		}
	}
	return v.app.Sidecar.DeleteState(ctx, step.AppState, ownerKey(fileID))
}
