// Package validation holds the validator's business rules, written once: the checks of
// a File A (name, size, fingerprint, payment-file-v1 against the reference table), the
// duplicate claim of sender + file_reference, the daily-limit reservation, and their
// compensation. It works through store's ports only: apps/validator wires it to its
// sidecar, bench/orchestrator to its workflow activities, bench/floor to memory.
package validation

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/paychoreo/choreography/internal/blobname"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/paymentfile"
	"github.com/paychoreo/choreography/internal/store"
)

// Rules checks files. State holds claims and reservations; Refdata is the reference
// table; Inbox holds File A.
type Rules struct {
	State, Refdata store.State
	Inbox          store.Blobs
	MaxBytes       int64         // larger files are rejected unread
	KeepFor        time.Duration // how long the compensation pointers are kept
	// Work, when set, wraps each piece of work in a span (step.Work).
	Work func(ctx context.Context, name, fileID string) (context.Context, func(error))
}

// Decision is the outcome of one file: accepted when Violations is empty.
type Decision struct {
	// File is the whole file when accepted; when rejected, what is known of its header
	// (nil when nothing trustworthy is).
	File       *payment.File
	Violations []paymentfile.Violation
	// Version is the reference table's the file was checked against; "" when it was
	// rejected before its sender was looked up.
	Version string
}

// Accepted says the file passed every rule.
func (d Decision) Accepted() bool { return len(d.Violations) == 0 }

func (r *Rules) work(ctx context.Context, name, fileID string) (context.Context, func(error)) {
	if r.Work == nil {
		return ctx, func(error) {}
	}
	return r.Work(ctx, name, fileID)
}

// Check decides one file. A missing File A is an error wrapping store.ErrNotFound; any
// error is technical (to retry), a rejection is a Decision.
func (r *Rules) Check(ctx context.Context, ev events.Received) (Decision, error) {
	if err := blobname.Check(ev.Blob); err != nil {
		return reject(nil, "", one("blob_name", paymentfile.CodeInvalidBlobName, err.Error())), nil
	}
	if ev.Size > r.MaxBytes {
		return reject(nil, "", one("file", paymentfile.CodeFileTooLarge,
			fmt.Sprintf("file is %d bytes, the limit is %d", ev.Size, r.MaxBytes))), nil
	}
	d, sender, err := r.read(ctx, ev)
	if err != nil || !d.Accepted() {
		return d, err
	}
	return r.hold(ctx, ev, d.File, sender)
}

// read validates File A as it streams in, hashed on the way; its first line is kept
// for a rejection's report.
func (r *Rules) read(ctx context.Context, ev events.Received) (Decision, *senderRow, error) {
	rctx, endRead := r.work(ctx, "read File A", ev.FileID)
	in, err := r.Inbox.Open(rctx, ev.Blob)
	endRead(err)
	if err != nil {
		return Decision{}, nil, fmt.Errorf("file a %q of %s: %w", ev.Blob, ev.FileID, err)
	}
	defer in.Close()
	h, first := sha256.New(), &prefix{max: 4096}
	body := io.TeeReader(io.LimitReader(in, r.MaxBytes+1), io.MultiWriter(h, first))
	sender := &senderRow{table: r.Refdata} // read once, for the rules, the limit and the events
	vctx, endValidate := r.work(ctx, "validate", ev.FileID)
	file, violations, err := paymentfile.Validate(vctx, body, sender.lookup)
	if err == nil {
		if _, cerr := io.Copy(io.Discard, body); cerr != nil { // what validation left unread, for the hash
			err = fmt.Errorf("read file a %q of %s: %w", ev.Blob, ev.FileID, cerr)
		}
	}
	endValidate(err)
	switch {
	case err != nil:
		return Decision{}, nil, err // technical: File A or the reference table could not be read
	case hex.EncodeToString(h.Sum(nil)) != ev.SHA256:
		return reject(nil, sender.version, one("file", paymentfile.CodeContentChanged,
			"file a changed in the inbox after intake claimed it; submit it again under a new name")), nil, nil
	case len(violations) > 0:
		return reject(HeaderOnly(first.b), sender.version, violations), nil, nil
	}
	return Decision{File: file}, sender, nil
}

// hold takes what an accepted file holds: its file reference, then its share of the
// sender's daily limit. A file over the limit gives its reference back.
func (r *Rules) hold(ctx context.Context, ev events.Received, f *payment.File, sender *senderRow) (Decision, error) {
	s, err := sender.lookup(ctx, f.Sender.ID)
	if err != nil {
		return Decision{}, err
	}
	if s == nil { // removed from the table since validation: try again, it may be back
		return Decision{}, fmt.Errorf("sender %s vanished from the reference table", f.Sender.ID)
	}
	day := DayOf(ev.ReceivedAt)
	if err := r.point(ctx, ev.FileID, FileClaimKey(s.ID, f.FileReference), s.DailyLimit > 0, usageKey(s.ID, day)); err != nil {
		return Decision{}, err
	}
	if msg, err := ClaimReference(ctx, r.State, ev.FileRef, f.Sender.ID, f.FileReference); err != nil || msg != "" {
		return reject(f, s.Version, lineOne("file_reference", paymentfile.CodeDuplicateFile, msg)), err
	}
	msg, err := Reserve(ctx, r.State, ev.FileID, day, s, f.ControlSum)
	if err == nil && msg != "" {
		err = ReleaseReference(ctx, r.State, ev.FileID)
	}
	if err != nil || msg != "" {
		return reject(f, s.Version, lineOne("control_sum", paymentfile.CodeLimitExceeded, msg)), err
	}
	return Decision{File: f, Version: s.Version}, nil
}

// DayOf is the day of receipt a file's total is reserved against (today when the time
// of receipt is unreadable).
func DayOf(receivedAt string) string {
	if t, err := time.Parse(time.RFC3339Nano, receivedAt); err == nil {
		return t.UTC().Format(time.DateOnly)
	}
	return time.Now().UTC().Format(time.DateOnly)
}

// point writes, at the same time, the pointers that let compensation find the
// reference claim and the reservation this file is about to take: written before
// either, a file without them holds neither. They are kept as long as a dead letter of
// the file can arrive (KeepFor), not for ever.
func (r *Rules) point(ctx context.Context, fileID, claim string, limited bool, usage string) error {
	reserved := make(chan error, 1)
	go func() {
		if !limited {
			reserved <- nil // nothing will be reserved
			return
		}
		// Created once: a redelivery must not reset what Reserve recorded in it.
		err := r.State.Create(ctx, reservationKey(fileID), reservation{Usage: usage}, r.KeepFor)
		if errors.Is(err, store.ErrConflict) {
			err = nil
		}
		reserved <- err
	}()
	err := r.State.Put(ctx, ownerKey(fileID), claim, r.KeepFor)
	return errors.Join(err, <-reserved)
}
