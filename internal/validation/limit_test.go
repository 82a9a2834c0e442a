package validation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/store"
)

var errCrash = errors.New("crash")

// crashing is a State whose nth write (Create, Put, Delete, or an Update that writes)
// fails without being applied, as if the process died just before it.
type crashing struct {
	store.State
	mu        sync.Mutex // point writes two keys at once
	n, writes int
}

func (c *crashing) crash() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes++
	return c.writes == c.n
}

func (c *crashing) Create(ctx context.Context, key string, v any, ttl time.Duration) error {
	if c.crash() {
		return errCrash
	}
	return c.State.Create(ctx, key, v, ttl)
}

func (c *crashing) Put(ctx context.Context, key string, v any, ttl time.Duration) error {
	if c.crash() {
		return errCrash
	}
	return c.State.Put(ctx, key, v, ttl)
}

func (c *crashing) Delete(ctx context.Context, key string) error {
	if c.crash() {
		return errCrash
	}
	return c.State.Delete(ctx, key)
}

func (c *crashing) Update(ctx context.Context, key string, change func([]byte) ([]byte, store.Op, error), opts ...store.UpdateOption) error {
	return c.State.Update(ctx, key, func(cur []byte) ([]byte, store.Op, error) {
		next, op, err := change(cur)
		if err == nil && op != store.Keep && c.crash() {
			return nil, store.Keep, errCrash
		}
		return next, op, err
	}, opts...)
}

const day = "2026-12-04"

var acme = &refdata.Sender{ID: "ACME-CORP", DailyLimit: 1_000_000}

func usageOf(t *testing.T, s store.State) (usage, int) {
	t.Helper()
	var raw json.RawMessage
	if _, err := s.Get(context.Background(), usageKey(acme.ID, day), &raw); err != nil {
		t.Fatal(err)
	}
	var u usage
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &u); err != nil {
			t.Fatal(err)
		}
	}
	return u, len(raw)
}

// reserve points and reserves, as Rules.hold does.
func reserve(ctx context.Context, s store.State, fileID string, sum payment.Amount) (string, error) {
	r := &Rules{State: s, KeepFor: time.Hour}
	if err := r.point(ctx, fileID, "claim", true, usageKey(acme.ID, day)); err != nil {
		return "", err
	}
	return Reserve(ctx, s, fileID, day, acme, sum)
}

// The usage record holds the total, not one entry per file: its size does not grow
// with the day's file count, and settled files leave nothing in it.
func TestUsageRecordDoesNotGrowWithFiles(t *testing.T) {
	ctx := context.Background()
	s := &store.Memory{}
	size := map[int]int{}
	for i := 1; i <= 1000; i++ {
		if msg, err := reserve(ctx, s, fmt.Sprintf("f-%d", i), 100); msg != "" || err != nil {
			t.Fatalf("f-%d: %q, %v", i, msg, err)
		}
		if i == 10 || i == 1000 {
			_, size[i] = usageOf(t, s)
		}
	}
	if size[1000] > size[10]+3 { // the total gains digits, nothing else
		t.Errorf("usage record is %d bytes after 1000 files, %d after 10", size[1000], size[10])
	}
	for i := 1; i <= 1000; i += 2 {
		if err := Release(ctx, s, fmt.Sprintf("f-%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	u, _ := usageOf(t, s)
	if u.Used != 500*100 || len(u.Reserving)+len(u.Releasing) != 0 {
		t.Errorf("after 1000 reserved and 500 released: %+v, want used 50000 and nothing pending", u)
	}
	if n := s.Keys(); n != 1+500+1000 { // usage, 500 reservation records, 1000 owner pointers
		t.Errorf("%d keys, want 1501", n)
	}
}

// A crash before any write of a reservation or a release, followed by a redelivery,
// leaves the same total as no crash: each file is counted once and given back once.
func TestReserveAndReleaseSurviveACrashAtEveryStep(t *testing.T) {
	ctx := context.Background()
	for n := 1; ; n++ {
		s := &store.Memory{}
		if _, err := reserve(ctx, s, "other", 300); err != nil {
			t.Fatal(err)
		}
		c := &crashing{State: s, n: n}
		_, err := reserve(ctx, c, "f-1", 100)
		if err == nil {
			if n < 3 {
				t.Fatalf("reservation made only %d writes", c.writes)
			}
			break
		}
		if !errors.Is(err, errCrash) {
			t.Fatal(err)
		}
		for range 2 {
			if msg, err := reserve(ctx, s, "f-1", 100); msg != "" || err != nil {
				t.Fatalf("redelivery after a crash at write %d: %q, %v", n, msg, err)
			}
		}
		if u, _ := usageOf(t, s); u.Used != 400 || len(u.Reserving) != 0 {
			t.Errorf("crash at write %d of the reservation: %+v, want used 400, nothing pending", n, u)
		}
	}
	for n := 1; ; n++ {
		s := &store.Memory{}
		for id, sum := range map[string]payment.Amount{"other": 300, "f-1": 100} {
			if _, err := reserve(ctx, s, id, sum); err != nil {
				t.Fatal(err)
			}
		}
		c := &crashing{State: s, n: n}
		err := Release(ctx, c, "f-1")
		if err == nil {
			if n < 3 {
				t.Fatalf("release made only %d writes", c.writes)
			}
			break
		}
		for range 2 {
			if err := Release(ctx, s, "f-1"); err != nil {
				t.Fatal(err)
			}
		}
		u, _ := usageOf(t, s)
		if u.Used != 300 || len(u.Reserving)+len(u.Releasing) != 0 {
			t.Errorf("crash at write %d of the release: %+v, want used 300, nothing pending", n, u)
		}
		if found, _ := s.Get(ctx, reservationKey("f-1"), new(reservation)); found {
			t.Errorf("crash at write %d of the release: reservation record left", n)
		}
	}
}

// A redelivered reservation after a completed one changes nothing, also when point
// runs again first.
func TestRepointingKeepsTheReservation(t *testing.T) {
	ctx := context.Background()
	s := &store.Memory{}
	for range 3 {
		if _, err := reserve(ctx, s, "f-1", 100); err != nil {
			t.Fatal(err)
		}
	}
	if u, _ := usageOf(t, s); u.Used != 100 {
		t.Errorf("used %d after three deliveries of one file, want 100", u.Used)
	}
}

// The reservation record has the step's TTL; the usage record expires some days after
// its day.
func TestReservationKeysExpire(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	s := &store.Memory{Now: func() time.Time { return now }}
	today := now.UTC().Format(time.DateOnly)
	r := &Rules{State: s, KeepFor: time.Hour}
	if err := r.point(ctx, "f-1", "claim", true, usageKey(acme.ID, today)); err != nil {
		t.Fatal(err)
	}
	if msg, err := Reserve(ctx, s, "f-1", today, acme, 100); msg != "" || err != nil {
		t.Fatalf("%q, %v", msg, err)
	}
	now = now.Add(2 * time.Hour)
	if found, _ := s.Get(ctx, reservationKey("f-1"), new(reservation)); found {
		t.Errorf("reservation record kept past KeepFor")
	}
	if found, _ := s.Get(ctx, usageKey(acme.ID, today), new(usage)); !found {
		t.Errorf("usage record of today gone after two hours")
	}
	now = now.Add((usageDays + 2) * 24 * time.Hour)
	if found, _ := s.Get(ctx, usageKey(acme.ID, today), new(usage)); found {
		t.Errorf("usage record kept %d days after its day", usageDays+2)
	}
}

// Reservation records written by earlier versions (the bare usage key) still read.
func TestOldReservationRecordReads(t *testing.T) {
	var r reservation
	if err := json.Unmarshal([]byte(`"usage|ACME-CORP|2026-12-04"`), &r); err != nil || r.Usage != "usage|ACME-CORP|2026-12-04" || r.State != pointed {
		t.Errorf("%+v, %v", r, err)
	}
}

// A usage record of an earlier version (one entry per file) carries over: its files are
// released once, a redelivered reservation does not count them again, and the record
// sheds their entries as they go.
func TestUsageRecordOfAnEarlierVersion(t *testing.T) {
	ctx := context.Background()
	s := &store.Memory{}
	key := usageKey(acme.ID, day)
	s.Put(ctx, key, json.RawMessage(`{"used":"5.00","reserved":{"old-1":"2.00","old-2":"3.00"}}`), 0)
	s.Put(ctx, reservationKey("old-1"), key, 0)
	s.Put(ctx, reservationKey("old-2"), key, 0)
	if msg, err := Reserve(ctx, s, "old-2", day, acme, 300); msg != "" || err != nil {
		t.Fatalf("redelivery of old-2: %q, %v", msg, err)
	}
	for range 2 {
		for _, id := range []string{"old-1", "old-2"} {
			if err := Release(ctx, s, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	if u, _ := usageOf(t, s); u.Used != 0 || len(u.Legacy)+len(u.Reserving)+len(u.Releasing) != 0 {
		t.Errorf("after releasing both old files: %+v, want nothing used or left", u)
	}
}
