// Package floor is the in-process floor of the benchmark: the step code of intake,
// validator, adaptor and creator called one after the other in one process, over the
// same files, with no Dapr and no broker. What the apps hand each other through staging
// is encoded and decoded exactly as they do (internal/staging); what they read and write
// through storage bindings is read from and written to the same kind of folders with
// plain file calls. The difference between an end-to-end run and this is what the hops
// cost: sidecars, broker, state store, base64 and gRPC.
package floor

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/paychoreo/choreography/internal/adaption"
	"github.com/paychoreo/choreography/internal/creation"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/staging"
	"github.com/paychoreo/choreography/internal/store"
	"github.com/paychoreo/choreography/internal/validation"
)

// Steps is how long each step took on one file.
type Steps struct {
	Intake    time.Duration // read File A, fingerprint it
	Validator time.Duration // read File A, check its fingerprint, validate, stage the canonical form
	Adaptor   time.Duration // read the canonical form, group, stage the batches
	Creator   time.Duration // read the batches, render File B, write it and its trigger
}

// Total is the time from File A found to File B written.
func (s Steps) Total() time.Duration { return s.Intake + s.Validator + s.Adaptor + s.Creator }

// Floor runs the steps over files in Inbox and writes File B to Outbox.
type Floor struct {
	Inbox, Outbox string
	Senders       map[string]*refdata.Sender

	once  sync.Once
	table *store.Memory // Senders as the reference table the validator reads
}

// Load reads the reference table the pipeline is loaded with.
func Load(path string) (map[string]*refdata.Sender, error) {
	t, err := refdata.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := map[string]*refdata.Sender{}
	for i := range t.Senders {
		out[t.Senders[i].ID] = &t.Senders[i]
	}
	return out, nil
}

// refdata is Senders as a reference table in memory.
func (f *Floor) refdata() store.State {
	f.once.Do(func() {
		f.table = &store.Memory{}
		for id, s := range f.Senders {
			f.table.Put(context.Background(), refdata.Key(id), s, 0)
		}
	})
	return f.table
}

// Process takes File A named name from the inbox to File B in the outbox.
func (f *Floor) Process(ctx context.Context, name string) (Steps, error) {
	var s Steps
	t0 := time.Now()
	ref, err := f.intake(name)
	if err != nil {
		return s, err
	}
	t1 := time.Now()
	canonical, validated, err := f.validator(ctx, ref)
	if err != nil {
		return s, err
	}
	t2 := time.Now()
	batches, err := adaptor(ctx, validated, canonical)
	if err != nil {
		return s, err
	}
	t3 := time.Now()
	if err := f.creator(ctx, validated, batches); err != nil {
		return s, err
	}
	t4 := time.Now()
	return Steps{Intake: t1.Sub(t0), Validator: t2.Sub(t1), Adaptor: t3.Sub(t2), Creator: t4.Sub(t3)}, nil
}

// intake fingerprints File A as intake's claim does.
func (f *Floor) intake(name string) (events.FileRef, error) {
	data, err := os.ReadFile(filepath.Join(f.Inbox, name))
	if err != nil {
		return events.FileRef{}, err
	}
	sum := sha256.Sum256(data)
	return events.FileRef{FileID: "floor-" + name, Blob: name, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}, nil
}

// validator is apps/validator's onReceived: the same rules (internal/validation), with
// claims and reservations in a state of the file's own, so that every file (and every
// run of a benchmark over one file) is judged as the day's first.
func (f *Floor) validator(ctx context.Context, ref events.FileRef) ([]byte, events.Validated, error) {
	rules := &validation.Rules{State: &store.Memory{}, Refdata: f.refdata(), Inbox: store.Folder(f.Inbox),
		MaxBytes: validation.DefaultMaxFileBytes, KeepFor: time.Hour}
	d, err := rules.Check(ctx, events.Received{FileRef: ref, ReceivedAt: time.Now().UTC().Format(time.RFC3339Nano)})
	if err != nil {
		return nil, events.Validated{}, err
	}
	if !d.Accepted() {
		v := d.Violations[0]
		return nil, events.Validated{}, fmt.Errorf("%s rejected: %d violations, first %s %s", ref.Blob, len(d.Violations), v.Code, v.Message)
	}
	canonical, err := staging.EncodeFile(d.File)
	return canonical, validation.ValidatedEvent(ref, d), err
}

// adaptor is apps/adaptor's onValidated: the same rules (internal/adaption).
func adaptor(ctx context.Context, ev events.Validated, canonical []byte) ([]byte, error) {
	staged := &store.MemoryBlobs{}
	staged.Put(ctx, ev.Canonical, canonical)
	b, _, err := adaption.Adapt(ctx, staged, ev)
	if err != nil {
		return nil, err
	}
	return staging.EncodeBatches(b)
}

// creator is apps/creator's onAdapted: the same rules (internal/creation) render File B
// straight into the outbox folder, hashing it on the way, then write its trigger.
func (f *Floor) creator(ctx context.Context, ev events.Validated, batches []byte) error {
	staged := &store.MemoryBlobs{}
	adapted := events.Adapted{FileRef: ev.FileRef, SenderID: ev.SenderID, FileReference: ev.FileReference,
		NbOfTxs: ev.NbOfTxs, ControlSum: ev.ControlSum, Batches: staging.BatchesName(ev.FileID)}
	staged.Put(ctx, adapted.Batches, batches)
	c := &creation.Creator{State: &store.Memory{}, Staging: staged, Outbox: store.Folder(f.Outbox), KeepFor: time.Hour}
	_, err := c.Create(ctx, adapted)
	return err
}
