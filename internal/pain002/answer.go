package pain002

import (
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
// something, only if nobody stored in between (it reads and tries again otherwise). It
// returns the Finals as they are after the call, stored or not.
type Store interface {
	Update(ctx context.Context, fileID string, change func(f *Finals) (bool, error)) (Finals, bool, error)
}

// Blobs is the reports area (Area).
type Blobs interface {
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
// After each write the store notes the report's SHA-256 (Finals.Written), if the winner
// is still the one written; when another event won meanwhile (a file.failed recorded
// while a created file's report was being written), its report is written. A delivery
// that wrote a stale report always writes again, so the report kept is the winner's
// whatever the interleaving of deliveries and replicas. A delivery that finds the
// winner's report noted as written writes nothing: a redelivery changes nothing, not
// even the blob's time.
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
	for try, wrote := 0, false; try < 5; try, wrote = try+1, true {
		w, doc, err := renderWinner(f)
		if err != nil || (!wrote && f.Written == w.SHA256) {
			return w, added, err
		}
		if err := b.Put(ctx, w.Name, doc); err != nil {
			return Written{}, added, fmt.Errorf("write report %s: %w", w.Name, err)
		}
		latest, _, err := s.Update(ctx, fileID, func(g *Finals) (bool, error) {
			if g.Outcome() != f.Outcome() || g.Written == w.SHA256 {
				return false, nil
			}
			g.Written = w.SHA256
			return true, nil
		})
		if err != nil {
			return Written{}, added, err
		}
		if latest.Outcome() == f.Outcome() || latest.Outcome() == "" {
			return w, added, nil
		}
		f = latest
	}
	return Written{}, added, fmt.Errorf("pain002: report of %s: the winning event kept changing", fileID)
}

// renderWinner is the winning report of f as it would be stored.
func renderWinner(f Finals) (Written, []byte, error) {
	rep, err := f.Report()
	if err != nil {
		return Written{}, nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	doc, err := rep.Render()
	if err != nil {
		return Written{}, nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	sum := sha256.Sum256(doc)
	return Written{Finals: f, Report: rep, Name: Name(f.FileID), SHA256: hex.EncodeToString(sum[:])}, doc, nil
}
