package validation_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/paymentfile"
	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/store"
	"github.com/paychoreo/choreography/internal/validation"
)

// fileA is a valid File A of ACME-CORP under ref whose total is 1349.95.
func fileA(ref string) string {
	return "H,ACME-CORP," + ref + ",2026-11-25T08:00:00+01:00\n" +
		"D,E2E-0001,DE89370400440532013000,2026-11-26,1250.00,EUR,Widget Supplies GmbH,FR1420041010050500013M02606,BNPAFRPP,Invoice 4711\n" +
		"D,E2E-0002,DE89370400440532013000,2026-11-26,99.95,EUR,Smith Jones,NL91ABNA0417164300,,Order 12\n" +
		"T,2,1349.95\n"
}

// rig is the rules over memory, with ACME-CORP allowed limit a day (0: no limit).
type rig struct {
	rules *validation.Rules
	state *store.Memory
	inbox *store.MemoryBlobs
	n     int
}

func newRig(t *testing.T, limit int64) *rig {
	table := &store.Memory{}
	table.Put(context.Background(), refdata.Key("ACME-CORP"), refdata.Sender{ID: "ACME-CORP", Name: "ACME", Active: true,
		MaxFileAmount: 1_000_000_00, DailyLimit: payment.Amount(limit), Version: "v3",
		Accounts: []refdata.Account{{IBAN: "DE89370400440532013000", Active: true}}}, 0)
	r := &rig{state: &store.Memory{}, inbox: &store.MemoryBlobs{}}
	r.rules = &validation.Rules{State: r.state, Refdata: table, Inbox: r.inbox, MaxBytes: 1 << 20, KeepFor: time.Hour}
	return r
}

// drop puts content in the inbox and returns its file.received.
func (r *rig) drop(content string) events.Received {
	r.n++
	name := fmt.Sprintf("file-%d.csv", r.n)
	r.inbox.Put(context.Background(), name, []byte(content))
	sum := sha256.Sum256([]byte(content))
	return events.Received{FileRef: events.FileRef{FileID: fmt.Sprintf("f-%d", r.n), Blob: name,
		Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:])}, ReceivedAt: "2026-12-04T09:00:00Z"}
}

func (r *rig) check(t *testing.T, ev events.Received) validation.Decision {
	t.Helper()
	d, err := r.rules.Check(context.Background(), ev)
	if err != nil {
		t.Fatalf("check %s: %v", ev.FileID, err)
	}
	return d
}

func codeOf(d validation.Decision) string {
	if d.Accepted() {
		return "accepted"
	}
	return d.Violations[0].Code
}

func TestAcceptedFileHoldsItsReference(t *testing.T) {
	r := newRig(t, 0)
	first := r.drop(fileA("PAY-1"))
	d := r.check(t, first)
	if !d.Accepted() || d.Version != "v3" || d.File.ControlSum != 1349_95 {
		t.Fatalf("got %s, version %q", codeOf(d), d.Version)
	}
	if d := r.check(t, first); !d.Accepted() {
		t.Errorf("a redelivery of the accepted file: %s, want accepted again", codeOf(d))
	}
	dup := r.check(t, r.drop(fileA("PAY-1")))
	if codeOf(dup) != paymentfile.CodeDuplicateFile || !strings.Contains(dup.Violations[0].Message, "with identical content") {
		t.Errorf("same reference again: %+v", dup.Violations)
	}
	if d := r.check(t, r.drop(fileA("PAY-2"))); !d.Accepted() {
		t.Errorf("another reference: %s", codeOf(d))
	}
}

// TestDailyLimit: files are accepted until the next would take the sender over its
// daily limit; that one is LIMIT_EXCEEDED and gives its file reference back, so the
// sender can send it again once there is room (after a compensation).
func TestDailyLimit(t *testing.T) {
	r := newRig(t, 3000_00) // room for two files of 1349.95
	for _, ref := range []string{"PAY-1", "PAY-2"} {
		if d := r.check(t, r.drop(fileA(ref))); !d.Accepted() {
			t.Fatalf("%s: %s", ref, codeOf(d))
		}
	}
	over := r.check(t, r.drop(fileA("PAY-3")))
	if codeOf(over) != paymentfile.CodeLimitExceeded || over.Violations[0].Field != "control_sum" {
		t.Fatalf("third file: %+v, want LIMIT_EXCEEDED", over.Violations)
	}
	if msg := over.Violations[0].Message; !strings.Contains(msg, "1349.95 on top of 2699.90") || !strings.Contains(msg, "3000.00") {
		t.Errorf("message %q does not say the total, the used and the limit", msg)
	}
	// f-1 failed for good downstream: its reservation and reference come back.
	if err := validation.Compensate(context.Background(), r.state, "f-1"); err != nil {
		t.Fatal(err)
	}
	if d := r.check(t, r.drop(fileA("PAY-3"))); !d.Accepted() {
		t.Errorf("PAY-3 once f-1 was compensated: %s, want accepted (its reference was given back)", codeOf(d))
	}
	if d := r.check(t, r.drop(fileA("PAY-1"))); codeOf(d) != paymentfile.CodeLimitExceeded {
		t.Errorf("PAY-1 resubmitted with the limit used up again: %s", codeOf(d))
	}
}

// A reservation is made once per file, however often its delivery comes again, and
// concurrent files of one sender never take it over its limit together.
func TestReservationsOncePerFileAndNeverOverTheLimit(t *testing.T) {
	ctx := context.Background()
	s := &store.Memory{}
	sender := &refdata.Sender{ID: "ACME-CORP", DailyLimit: 1000}
	for range 3 {
		if msg, err := validation.Reserve(ctx, s, "f-1", "2026-12-04", sender, 400); msg != "" || err != nil {
			t.Fatalf("reserve: %q, %v", msg, err)
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted := 0
	for i := range 10 {
		wg.Go(func() {
			msg, err := validation.Reserve(ctx, s, fmt.Sprintf("g-%d", i), "2026-12-04", sender, 100)
			mu.Lock()
			defer mu.Unlock()
			if err == nil && msg == "" {
				accepted++
			}
		})
	}
	wg.Wait()
	if accepted != 6 {
		t.Errorf("%d files of 100 fit beside 400 under 1000, want 6", accepted)
	}
	if err := validation.Release(ctx, s, "f-1"); err != nil {
		t.Fatal(err)
	}
	// f-1's 400 came back: four more files of 100 fit, not five.
	for i := range 5 {
		msg, err := validation.Reserve(ctx, s, fmt.Sprintf("h-%d", i), "2026-12-04", sender, 100)
		if err != nil || (msg == "") != (i < 4) {
			t.Errorf("h-%d after f-1 was released: %q, %v", i, msg, err)
		}
	}
}

func TestCompensationOfAFileThatHoldsNothing(t *testing.T) {
	r := newRig(t, 1000_00)
	over := r.drop(fileA("PAY-1"))
	if d := r.check(t, over); codeOf(d) != paymentfile.CodeLimitExceeded {
		t.Fatalf("got %s", codeOf(d))
	}
	for _, id := range []string{over.FileID, "f-never-seen"} {
		if err := validation.Compensate(context.Background(), r.state, id); err != nil {
			t.Errorf("compensate %s: %v", id, err)
		}
	}
	if n := r.state.Keys(); n != 0 {
		t.Errorf("%d keys left after a rejected file was compensated, want none", n)
	}
}

// Compensation frees only the claim its file holds: a reference taken since by another
// file stays taken.
func TestCompensationKeepsAnotherFilesClaim(t *testing.T) {
	r := newRig(t, 0)
	first := r.drop(fileA("PAY-1"))
	r.check(t, first)
	ctx := context.Background()
	validation.Compensate(ctx, r.state, first.FileID)
	second := r.drop(fileA("PAY-1"))
	if d := r.check(t, second); !d.Accepted() {
		t.Fatalf("resubmission: %s", codeOf(d))
	}
	validation.Compensate(ctx, r.state, first.FileID) // a late dead letter of the first
	if d := r.check(t, r.drop(fileA("PAY-1"))); codeOf(d) != paymentfile.CodeDuplicateFile {
		t.Errorf("after the first file's late compensation: %s, want the second's claim kept", codeOf(d))
	}
}

func TestFileLevelRejections(t *testing.T) {
	r := newRig(t, 0)
	big := r.drop(fileA("PAY-1"))
	big.Size = 2 << 20
	changed := r.drop(fileA("PAY-2"))
	changed.SHA256 = strings.Repeat("0", 64)
	bad := r.drop(strings.Replace(fileA("PAY-3"), "T,2,1349.95", "T,2,1.00", 1))
	badName := r.drop(fileA("PAY-4"))
	badName.Blob = "../escape.csv"
	for _, c := range []struct {
		ev   events.Received
		code string
	}{{big, paymentfile.CodeFileTooLarge}, {changed, paymentfile.CodeContentChanged},
		{bad, paymentfile.CodeControlTotalMismatch}, {badName, paymentfile.CodeInvalidBlobName}} {
		if got := codeOf(r.check(t, c.ev)); got != c.code {
			t.Errorf("%s: %s, want %s", c.ev.Blob, got, c.code)
		}
	}
	if d := r.check(t, big); d.Violations[0].Message != "file is 2097152 bytes, the limit is 1048576" {
		t.Errorf("FILE_TOO_LARGE says %q", d.Violations[0].Message)
	}
	if d := r.check(t, bad); d.File == nil || d.File.FileReference != "PAY-3" || d.Version != "v3" {
		t.Errorf("a rejected file's header and version: %+v, %q", d.File, d.Version)
	}
	gone := r.drop(fileA("PAY-5"))
	r.inbox.Delete(context.Background(), gone.Blob)
	if _, err := r.rules.Check(context.Background(), gone); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("File A gone: %v, want ErrNotFound", err)
	}
	if n := r.state.Keys(); n != 0 {
		t.Errorf("rejected files left %d keys", n)
	}
}

func TestMaxBytesFrom(t *testing.T) {
	env := func(v string) func(string) string { return func(string) string { return v } }
	if n, err := validation.MaxBytesFrom(env("")); n != validation.DefaultMaxFileBytes || err != nil {
		t.Errorf("unset: %d, %v", n, err)
	}
	if n, err := validation.MaxBytesFrom(env("1024")); n != 1024 || err != nil {
		t.Errorf("1024: %d, %v", n, err)
	}
	for _, bad := range []string{"0", "-5", "lots"} {
		if _, err := validation.MaxBytesFrom(env(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
