package step

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"
)

// A delivery that takes long must not be worked on twice. Redis Streams hands a message
// to another replica once it has been pending for processingTimeout (20 s), whether or
// not the replica that holds it is alive; Dapr cuts one call at the delivery timeout
// (15 s) and calls again. A file at the size limit, on a loaded machine, takes longer
// than both: without more, each new delivery started the same work over (docs/
// reliability.md, "Recovery").
//
// So the work of a delivery runs on its own, not on the sidecar's call, and the call
// waits for it at most leaseWait; a delivery that does not end within leaseAfter takes a
// lease in the app's state, renewed every leaseRenew, that expires leaseTTL after the
// last renewal. A second delivery of the same event then waits instead of working:
//   - in the same process, on the running work itself;
//   - in another replica, on the lease, until the event is marked handled (then it is a
//     duplicate), or the lease is gone (its holder died: it works itself).
//
// A wait that runs out answers RETRY (ErrInProgress): the message stays pending, so if
// the holder dies after all nothing is lost. Never SUCCESS: that would acknowledge a
// message whose work may still fail.
//
// Fast deliveries, nearly all of them, never write a lease, and a delivery of an event
// published less than leaseFresh ago does not look for one: a lease exists only after a
// run has lasted leaseAfter, and another replica is handed a message only after
// processingTimeout. An older event's check is one bulk read of the ledger's mark and
// the lease.
const (
	leaseAfter = time.Second
	leaseTTL   = 15 * time.Second
	leaseRenew = 4 * time.Second
	// leaseWait keeps a waiting call under the delivery timeout (resiliency.yaml, 15 s).
	leaseWait = 10 * time.Second
	leasePoll = 500 * time.Millisecond
	// leaseFresh is leaseAfter less a margin for the clocks of two hosts.
	leaseFresh = leaseAfter / 2
	// workTimeout bounds one run of a handler. It ends before the inbound retry
	// sequence of the call that started it does (6 calls of at most leaseWait and
	// about 13 s of back-off: over 70 s), so the run's own result, success or failure,
	// is what that sequence answers, and a run that hangs fails as a retry would.
	workTimeout = 60 * time.Second
)

// ErrInProgress answers a delivery whose event is being worked on by an earlier
// delivery still running, here or in another replica: Dapr calls again later.
var ErrInProgress = errors.New("step: event in progress")

// Holder names who holds a lease: the replica (host name and app port: stable when the
// app's process restarts in place) and the process (a random id per start). A lease of
// this replica held by another process is a crashed predecessor's and is broken at once.
type Holder struct {
	Replica string `json:"replica"`
	Process string `json:"process"`
	Since   string `json:"since,omitempty"`
}

// NewHolder names this process.
func NewHolder(appPort int) Holder {
	host, _ := os.Hostname()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return Holder{Replica: host + ":" + strconv.Itoa(appPort), Process: hex.EncodeToString(b)}
}

func (h Holder) String() string { return h.Replica + "/" + h.Process }

// leaseKey is per subscription, like the ledger's mark.
func leaseKey(topic, eventID string) string { return "lease|" + topic + "|" + eventID }

// mayBeLeased says whether a lease on m can exist yet (see leaseFresh). An event without
// a readable time may be leased.
func mayBeLeased(m Message, now time.Time) bool {
	published, err := time.Parse(time.RFC3339Nano, m.Time)
	return err != nil || now.Sub(published) >= leaseFresh
}

// look reads the ledger's mark and, when withLease, the lease of an event, in one call.
func (l stateLedger) look(ctx context.Context, m Message, withLease bool) (done bool, held *Holder, err error) {
	hk, lk := handledKey(m.Topic, m.ID), leaseKey(m.Topic, m.ID)
	if !withLease {
		var at string
		_, found, err := l.sc.GetState(ctx, AppState, hk, &at)
		return found, nil, err
	}
	found, err := l.sc.GetBulkState(ctx, AppState, []string{hk, lk})
	if err != nil {
		return false, nil, err
	}
	if _, ok := found[hk]; ok {
		return true, nil, nil
	}
	if b, ok := found[lk]; ok {
		var h Holder
		if err := json.Unmarshal(b, &h); err != nil {
			return false, nil, fmt.Errorf("decode lease %s: %w", lk, err)
		}
		return false, &h, nil
	}
	return false, nil, nil
}

func (l stateLedger) takeLease(ctx context.Context, m Message, me Holder) error {
	me.Since = time.Now().UTC().Format(time.RFC3339Nano)
	return l.sc.CreateStateTTL(ctx, AppState, leaseKey(m.Topic, m.ID), me, leaseTTL)
}

// renewLease extends the lease if it is still this process's; a lease that expired
// meanwhile (the sidecar was away) is taken again if nobody else has. ErrConflict: lost.
func (l stateLedger) renewLease(ctx context.Context, m Message, me Holder) error {
	key := leaseKey(m.Topic, m.ID)
	var h Holder
	etag, found, err := l.sc.GetState(ctx, AppState, key, &h)
	switch {
	case err != nil:
		return err
	case !found:
		return l.takeLease(ctx, m, me)
	case h.Process != me.Process:
		return fmt.Errorf("lease %s held by %s: %w", key, h, ErrConflict)
	}
	return l.sc.UpdateStateTTL(ctx, AppState, key, etag, h, leaseTTL)
}

// dropLease removes the lease if it is still held by h (this process at the end of its
// run, or a crashed predecessor).
func (l stateLedger) dropLease(ctx context.Context, m Message, h Holder) error {
	key := leaseKey(m.Topic, m.ID)
	var cur Holder
	etag, found, err := l.sc.GetState(ctx, AppState, key, &cur)
	if err != nil || !found || cur.Process != h.Process {
		return err
	}
	return l.sc.DeleteStateIf(ctx, AppState, key, etag)
}
