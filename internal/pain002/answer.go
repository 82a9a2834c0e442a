package pain002

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// ErrInvalid marks what no retry can fix: an event that is not a final event, a payload
// that is not its topic's, an event time that is not RFC 3339.
var ErrInvalid = errors.New("pain002: invalid final event")

// Store keeps each file's Finals. Update reads them (empty, with the file id, when there
// are none), lets change modify them, and stores the result when change says it changed
// something, only if nobody stored in between (it reads and tries again otherwise). Get
// reads them.
type Store interface {
	Update(ctx context.Context, fileID string, change func(f *Finals) (bool, error)) (Finals, bool, error)
	Get(ctx context.Context, fileID string) (Finals, bool, error)
}

// Blobs is the reports area (Area). Get answers found=false for a name not there.
type Blobs interface {
	Get(ctx context.Context, name string) (data []byte, found bool, err error)
	Put(ctx context.Context, name string, data []byte) error
}

// Written is a report as stored, with what a write after it needs (the evidence record:
// the winning event with its time and trace, the report's name and SHA-256).
type Written struct {
	Finals Finals
	Report Report
	Name   string
	SHA256 string // hex, of the bytes stored
}

// Answer records one final event of a file (at: its CloudEvent time) and writes the
// report of the file's winning event; added says whether the event was new to the store.
//
// The report is written after the event is recorded, then the store is read again: when
// another event won meanwhile (a file.failed recorded while a created file's report was
// being written), its report is written. Whoever writes last has read the store after
// every event recorded before that write, so the report kept is the winner's whatever
// the interleaving of deliveries and replicas. A report already stored as it would be
// written is left alone, so a redelivery changes nothing (not even the blob's time), and
// one that went missing is written again.
func Answer(ctx context.Context, s Store, b Blobs, fileID, topic string, payload []byte, at, traceparent string) (Written, bool, error) {
	f, added, err := s.Update(ctx, fileID, func(f *Finals) (bool, error) {
		changed, err := f.Add(topic, payload, at, traceparent)
		if err != nil {
			return false, fmt.Errorf("%w: %w", ErrInvalid, err)
		}
		return changed, nil
	})
	if err != nil {
		return Written{}, false, err
	}
	for try := 0; try < 5; try++ {
		w, err := put(ctx, b, f)
		if err != nil {
			return Written{}, added, err
		}
		latest, found, err := s.Get(ctx, fileID)
		if err != nil {
			return Written{}, added, err
		}
		if !found || latest.Outcome() == f.Outcome() {
			return w, added, nil
		}
		f = latest
	}
	return Written{}, added, fmt.Errorf("pain002: report of %s: the winning event kept changing", fileID)
}

// put renders the winning report of f and stores it, unless it is stored already.
func put(ctx context.Context, b Blobs, f Finals) (Written, error) {
	rep, err := f.Report()
	if err != nil {
		return Written{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	doc, err := rep.Render()
	if err != nil {
		return Written{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	name := Name(f.FileID)
	stored, found, err := b.Get(ctx, name)
	if err != nil {
		return Written{}, fmt.Errorf("read report %s: %w", name, err)
	}
	if !found || !bytes.Equal(stored, doc) {
		if err := b.Put(ctx, name, doc); err != nil {
			return Written{}, fmt.Errorf("write report %s: %w", name, err)
		}
	}
	sum := sha256.Sum256(doc)
	return Written{Finals: f, Report: rep, Name: name, SHA256: hex.EncodeToString(sum[:])}, nil
}
