package creation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/paychoreo/choreography/internal/pain001"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/store"
)

// Exactly one File B per accepted file. The name is claimed in state first (first write
// wins), so two files can never write the same File B, and a redelivery of a finished
// file writes nothing. File B is then published in two writes: the document, then its
// trigger file "<name>.ok" with the file id and the document's sha256. Downstream
// systems take a File B only once its trigger exists (the usual convention of bank file
// transfer), so a crash in the middle of writing the document never exposes half a
// File B; the retry overwrites it.
type ownership struct {
	FileID string `json:"file_id"`
	Ready  bool   `json:"ready"` // document and trigger written
	// SHA256 is File B's, hashed as it was written: a redelivery announces it again
	// without reading File B.
	SHA256 string `json:"sha256,omitempty"`
}

type trigger struct {
	FileID    string `json:"file_id"`
	SHA256    string `json:"sha256"`
	Size      int    `json:"size"`
	CreatedAt string `json:"created_at"`
}

func ownerKey(name string) string   { return "fileb-owner|" + name }
func fileBKey(fileID string) string { return "fileb|" + fileID }

// TriggerName is the trigger file of File B name.
func TriggerName(name string) string { return name + ".ok" }

// own claims File B's name for the file (first write wins), or finds that it already
// holds it. The pointer from the file to the name is written first, so compensation
// finds every name a file may have claimed. Both are kept KeepFor: past it no delivery
// of the file comes again, and the name (sender + file_reference) cannot come back
// with another file, the validator keeps the reference claimed for ever.
func (c *Creator) own(ctx context.Context, fileID, name string) (ownership, error) {
	if err := c.State.Put(ctx, fileBKey(fileID), name, c.KeepFor); err != nil {
		return ownership{}, err
	}
	mine := ownership{FileID: fileID}
	err := c.State.Create(ctx, ownerKey(name), mine, c.KeepFor)
	if err == nil || !errors.Is(err, store.ErrConflict) {
		return mine, err
	}
	var held ownership
	if found, err := c.State.Get(ctx, ownerKey(name), &held); err != nil || !found {
		return held, errors.Join(err, errors.New("file b owner vanished after a conflict"))
	}
	if held.FileID != fileID {
		return held, fmt.Errorf("%w: %s belongs to file %s; %s may not overwrite it", ErrNotOwner, name, held.FileID, fileID)
	}
	return held, nil
}

// write renders File B straight into the write (File B is never held whole), hashing
// it on the way for the trigger and file.created; it returns that SHA-256.
func (c *Creator) write(ctx context.Context, fileID, name string, b *payment.Batches, created time.Time) (string, error) {
	var sum pain001.Written
	var renderErr error
	rctx, end := c.work(ctx, "render File B", fileID) // rendered as it streams out
	err := c.Outbox.PutFrom(rctx, name, func(w io.Writer) error {
		sum, renderErr = pain001.RenderSummed(w, b, created)
		return renderErr
	})
	end(err)
	// Render checks everything first: a refusal (ErrInvalid) wrote nothing and no retry
	// can change it. Any other failure is the write's, the upload having failed: PutFrom
	// says why, and a retry may pass.
	if errors.Is(renderErr, pain001.ErrInvalid) {
		return "", fmt.Errorf("%w: render pain.001 for %s: %w", ErrBadInput, fileID, renderErr)
	}
	if err != nil {
		return "", err
	}
	t, _ := json.Marshal(trigger{FileID: fileID, SHA256: sum.SHA256, Size: int(sum.Size),
		CreatedAt: c.now().UTC().Format(time.RFC3339)})
	if err := c.Outbox.Put(ctx, TriggerName(name), t); err != nil {
		return "", err
	}
	ready := ownership{FileID: fileID, Ready: true, SHA256: sum.SHA256}
	return sum.SHA256, c.State.Put(ctx, ownerKey(name), ready, c.KeepFor)
}

// Compensate removes the File B of a file that failed for good, if this file claimed
// it: the trigger first, so that downstream stops seeing it, then the document, then
// the claim on the name so that a resubmission can write it. It returns the name, ""
// when the file claimed none.
func (c *Creator) Compensate(ctx context.Context, fileID string) (string, error) {
	var name string
	if found, err := c.State.Get(ctx, fileBKey(fileID), &name); err != nil || !found {
		return "", err
	}
	var held ownership
	if found, err := c.State.Get(ctx, ownerKey(name), &held); err != nil {
		return name, err
	} else if found && held.FileID == fileID {
		for _, n := range []string{TriggerName(name), name} {
			if err := c.Outbox.Delete(ctx, n); err != nil {
				return name, err
			}
		}
	}
	err := store.Update(ctx, c.State, ownerKey(name), func(o *ownership, found bool) (store.Op, error) {
		if found && o.FileID == fileID {
			return store.Remove, nil // never the claim another file took in the meantime
		}
		return store.Keep, nil
	})
	if err != nil {
		return name, err
	}
	return name, c.State.Delete(ctx, fileBKey(fileID))
}
