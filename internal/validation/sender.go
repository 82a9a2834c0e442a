package validation

import (
	"context"

	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/store"
)

// senderRow is the sender's row as one delivery read it: validation and the limit
// reservation see the same row, the table is read once, and the file's events name the
// version of the table the row belongs to (refdata_version).
type senderRow struct {
	table   store.State
	id      string
	row     *refdata.Sender
	read    bool
	version string // the row's; for a sender not in the table, the table's current one
}

// lookup is a paymentfile.SenderLookup: the row, or (nil, nil) for an unknown sender.
func (r *senderRow) lookup(ctx context.Context, senderID string) (*refdata.Sender, error) {
	if r.read && r.id == senderID {
		return r.row, nil
	}
	var s refdata.Sender
	found, err := r.table.Get(ctx, refdata.Key(senderID), &s)
	if err != nil {
		return nil, err
	}
	r.id, r.row, r.read, r.version = senderID, nil, true, s.Version
	if found {
		r.row = &s
		return r.row, nil
	}
	// Not in the table: which version said so is the head's (read just after, so a
	// change in between names the newer one).
	var head refdata.Head
	if _, err := r.table.Get(ctx, refdata.HeadKey, &head); err != nil {
		r.read = false
		return nil, err
	}
	r.version = head.Version
	return nil, nil
}
