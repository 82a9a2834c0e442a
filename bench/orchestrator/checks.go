package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/paymentfile"
	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/step"
)

// The validator's duplicate claim and daily-limit reservation (apps/validator
// duplicate.go and limit.go), with the same keys and the same state calls.

type fileClaim struct {
	FileID string `json:"file_id"`
	Blob   string `json:"blob"`
	SHA256 string `json:"sha256"`
}

func (o *orchestrator) claimReference(ctx context.Context, ref events.FileRef, sender, fileRef string) (string, error) {
	sc := o.app.Sidecar
	key := "fileref|" + sender + "|" + fileRef
	if err := sc.PutStateTTL(ctx, step.AppState, "file|"+ref.FileID, key, step.KeepFor); err != nil {
		return "", err
	}
	err := sc.CreateState(ctx, step.AppState, key, fileClaim{FileID: ref.FileID, Blob: ref.Blob, SHA256: ref.SHA256})
	if err == nil || !errors.Is(err, step.ErrConflict) {
		return "", err
	}
	var held fileClaim
	if _, _, err := sc.GetState(ctx, step.AppState, key, &held); err != nil {
		return "", err
	}
	if held.FileID == ref.FileID {
		return "", nil
	}
	return fmt.Sprintf("sender %s already submitted file_reference %s as %q", sender, fileRef, held.Blob), nil
}

var usageLocks step.KeyLocks

type usage struct {
	Used     payment.Amount            `json:"used"`
	Reserved map[string]payment.Amount `json:"reserved"`
}

func (o *orchestrator) reserve(ctx context.Context, fileID, day string, s *refdata.Sender, sum payment.Amount) (string, error) {
	if s.DailyLimit <= 0 {
		return "", nil
	}
	sc := o.app.Sidecar
	key := "usage|" + s.ID + "|" + day
	if err := sc.PutStateTTL(ctx, step.AppState, "reservation|"+fileID, key, step.KeepFor); err != nil {
		return "", err
	}
	defer usageLocks.Lock(key)() // as the validator
	for try := 0; try < 50; try++ {
		var u usage
		etag, found, err := sc.GetState(ctx, step.AppState, key, &u)
		if err != nil {
			return "", err
		}
		if u.Reserved == nil {
			u.Reserved = map[string]payment.Amount{}
		}
		if _, done := u.Reserved[fileID]; done {
			return "", nil
		}
		if u.Used+sum > s.DailyLimit {
			return fmt.Sprintf("file total %s on top of %s exceeds the daily limit %s", sum, u.Used, s.DailyLimit), nil
		}
		u.Used += sum
		u.Reserved[fileID] = sum
		if found {
			err = sc.UpdateState(ctx, step.AppState, key, etag, u)
		} else {
			err = sc.CreateState(ctx, step.AppState, key, u)
		}
		if !errors.Is(err, step.ErrConflict) {
			return "", err
		}
	}
	return "", fmt.Errorf("change usage %s: %w", key, step.ErrConflict)
}

// reject writes the report and answers not accepted; the workflow then files File A
// away beside it.
func (o *orchestrator) reject(ctx context.Context, ref events.FileRef, f *payment.File, vs []paymentfile.Violation) (any, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"file_id", "blob", "line", "field", "code", "message"})
	for _, v := range vs {
		w.Write([]string{ref.FileID, ref.Blob, strconv.Itoa(v.Line), v.Field, v.Code, v.Message})
	}
	w.Flush()
	report := ref.FileID + "/report.csv"
	if err := o.app.Sidecar.PutBlob(ctx, step.Rejected, report, buf.Bytes()); err != nil {
		return nil, err
	}
	ev := events.Rejected{FileRef: ref, ViolationCount: len(vs), Report: report}
	if f != nil {
		ev.SenderID, ev.FileReference = f.Sender.ID, f.FileReference
	}
	o.mark(ref.FileID, "rejected", "violations", len(vs), "first_code", vs[0].Code)
	return validated{Rejected: ev}, nil
}
