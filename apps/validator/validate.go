package main

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
	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/staging"
	"github.com/paychoreo/choreography/internal/step"
)

type validator struct {
	app      *step.App
	maxBytes int64
}

func (v *validator) onReceived(ctx context.Context, m step.Message) error {
	if err := step.SimulatedDownstream(ctx); err != nil { // the benchmark's core-banking call; off unless set
		return err
	}
	var ev events.Received
	if err := m.Decode(&ev); err != nil {
		return err
	}
	if err := blobname.Check(ev.Blob); err != nil {
		return v.reject(ctx, m, ev.FileRef, nil, "", one("blob_name", paymentfile.CodeInvalidBlobName, err.Error()))
	}
	if ev.Size > v.maxBytes {
		return v.reject(ctx, m, ev.FileRef, nil, "", one("file", paymentfile.CodeFileTooLarge,
			fmt.Sprintf("file is %d bytes, the limit is %d", ev.Size, v.maxBytes)))
	}
	rctx, endRead := step.Work(ctx, "read File A", ev.FileID)
	r, _, err := v.app.Sidecar.OpenBlob(rctx, step.Inbox, ev.Blob)
	endRead(err)
	if errors.Is(err, step.ErrNotFound) {
		if done, rerr := v.app.Reemit(ctx, m, ev.FileID, events.FileValidated, events.FileRejected); done || rerr != nil {
			return rerr // a late redelivery of a file already decided
		}
		return step.Permanentf("file a %q of %s is no longer in the inbox: %w", ev.Blob, ev.FileID, err)
	}
	if err != nil {
		return err
	}
	defer r.Close()
	// File A is validated as it streams from the sidecar, hashed on the way; its first
	// line is kept for a rejection's report.
	h, first := sha256.New(), &prefix{max: 4096}
	body := io.TeeReader(io.LimitReader(r, v.maxBytes+1), io.MultiWriter(h, first))
	sender := &senderRow{v: v} // read once per delivery, for the rules, the limit and the events
	// File A streams in as it is checked: the validate span covers reading it whole.
	vctx, endValidate := step.Work(ctx, "validate", ev.FileID)
	file, violations, err := paymentfile.Validate(vctx, body, sender.lookup)
	if err == nil {
		if _, cerr := io.Copy(io.Discard, body); cerr != nil { // what validation left unread, for the hash
			err = fmt.Errorf("read file a %q of %s: %w", ev.Blob, ev.FileID, cerr)
		}
	}
	endValidate(err)
	if err != nil {
		return err // technical: File A or the reference table could not be read
	}
	if hex.EncodeToString(h.Sum(nil)) != ev.SHA256 {
		return v.reject(ctx, m, ev.FileRef, nil, sender.version, one("file", paymentfile.CodeContentChanged,
			"file a changed in the inbox after intake claimed it; submit it again under a new name"))
	}
	if len(violations) > 0 {
		return v.reject(ctx, m, ev.FileRef, headerOnly(first.b), sender.version, violations)
	}
	s, day, err := v.limitOf(ctx, ev, file, sender.lookup)
	if err != nil {
		return err
	}
	if err := v.point(ctx, ev.FileID, fileClaimKey(file.Sender.ID, file.FileReference), s, day); err != nil {
		return err
	}
	if msg, err := v.claimReference(ctx, ev.FileRef, file); err != nil || msg != "" {
		return v.rejectIf(ctx, m, ev.FileRef, file, s.Version, "file_reference", paymentfile.CodeDuplicateFile, msg, err)
	}
	if msg, err := v.reserve(ctx, ev.FileID, day, s, file.ControlSum); err != nil || msg != "" {
		if err == nil {
			err = v.releaseReference(ctx, ev.FileID)
		}
		return v.rejectIf(ctx, m, ev.FileRef, file, s.Version, "control_sum", paymentfile.CodeLimitExceeded, msg, err)
	}
	return v.accept(ctx, m, ev.FileRef, file, s.Version)
}

// limitOf is the sender's row (as validation read it) and the day of receipt, which the
// file's total is reserved against.
func (v *validator) limitOf(ctx context.Context, ev events.Received, f *payment.File, lookup paymentfile.SenderLookup) (*refdata.Sender, string, error) {
	s, err := lookup(ctx, f.Sender.ID)
	if err != nil {
		return nil, "", err
	}
	if s == nil { // removed from the table since validation: try again, it may be back
		return nil, "", fmt.Errorf("sender %s vanished from the reference table", f.Sender.ID)
	}
	day := time.Now().UTC().Format(time.DateOnly)
	if t, err := time.Parse(time.RFC3339Nano, ev.ReceivedAt); err == nil {
		day = t.UTC().Format(time.DateOnly)
	}
	return s, day, nil
}

// point writes, at the same time, the pointers that let compensation find the
// reference claim and the reservation this file is about to take: written before
// either, a file without them holds neither. They are kept as long as a dead letter of
// the file can arrive (step.KeepFor), not for ever.
func (v *validator) point(ctx context.Context, fileID, claim string, s *refdata.Sender, day string) error {
	reserved := make(chan error, 1)
	go func() {
		if s.DailyLimit <= 0 {
			reserved <- nil // nothing will be reserved
			return
		}
		reserved <- v.app.Sidecar.PutStateTTL(ctx, step.AppState, reservationKey(fileID), usageKey(s.ID, day), step.KeepFor)
	}()
	err := v.app.Sidecar.PutStateTTL(ctx, step.AppState, ownerKey(fileID), claim, step.KeepFor)
	return errors.Join(err, <-reserved)
}

// rejectIf rejects with one violation when msg is set; err (technical) wins.
func (v *validator) rejectIf(ctx context.Context, m step.Message, ref events.FileRef, f *payment.File, version, field, code, msg string, err error) error {
	if err != nil {
		return err
	}
	return v.reject(ctx, m, ref, f, version, []paymentfile.Violation{{Line: 1, Field: field, Code: code, Message: msg}})
}

// accept stages the canonical form and announces it, with the version of the reference
// table the file was checked against.
func (v *validator) accept(ctx context.Context, m step.Message, ref events.FileRef, f *payment.File, version string) error {
	canonical := staging.CanonicalName(ref.FileID)
	ev := events.Validated{FileRef: ref, SenderID: f.Sender.ID, FileReference: f.FileReference,
		NbOfTxs: len(f.Payments), ControlSum: f.ControlSum, Canonical: canonical, RefdataVersion: version}
	err := v.app.EmitAfter(ctx, m, events.FileValidated, ref.FileID, ev, func(ctx context.Context) error {
		return v.app.Sidecar.PutBlobFrom(ctx, step.Staging, canonical, func(w io.Writer) error {
			return staging.WriteFile(w, f)
		})
	})
	if err != nil {
		return err
	}
	v.app.FileOutcome(m, ref.FileID, "validated", "payments", len(f.Payments))
	return nil
}

func one(field, code, msg string) []paymentfile.Violation {
	return []paymentfile.Violation{{Line: 0, Field: field, Code: code, Message: msg}}
}

// prefix keeps the first max bytes written to it.
type prefix struct {
	b   []byte
	max int
}

func (p *prefix) Write(b []byte) (int, error) {
	if n := p.max - len(p.b); n > 0 {
		p.b = append(p.b, b[:min(n, len(b))]...)
	}
	return len(b), nil
}
