package evidence_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/paychoreo/choreography/internal/evidence"
)

// written stores a created file's pieces and its record.
func written(t *testing.T) (*memory, evidence.Record) {
	t.Helper()
	m := newMemory()
	rec := created(t, m)
	if err := evidence.Write(context.Background(), m.areas()(evidence.Area), rec); err != nil {
		t.Fatal(err)
	}
	return m, rec
}

// statuses is "piece=status" of each check, in order.
func statuses(r evidence.Report) string {
	s := ""
	for _, c := range r.Checks {
		s += fmt.Sprintf("%s=%s ", c.Piece, c.Status)
	}
	return s
}

func TestVerifyAllMatch(t *testing.T) {
	m, rec := written(t)
	rep, err := evidence.Verify(context.Background(), m.areas(), rec.FileID)
	if err != nil || !rep.OK || statuses(rep) != "record=ok file_a=ok file_b=ok pain002=ok " {
		t.Fatalf("untouched file: %v %s", err, statuses(rep))
	}
	if rep.Record == nil || rep.Record.FileB.Name != rec.FileB.Name || rep.Checks[2].Got != rec.FileB.SHA256 {
		t.Errorf("report: %+v", rep)
	}
}

func TestVerifyFindsAChangedPiece(t *testing.T) {
	for _, tc := range []struct {
		piece string
		where func(evidence.Record) evidence.Piece
		want  string
	}{
		{"file_a", func(r evidence.Record) evidence.Piece { return r.FileA.Piece }, "record=ok file_a=mismatch file_b=ok pain002=ok "},
		{"file_b", func(r evidence.Record) evidence.Piece { return *r.FileB }, "record=ok file_a=ok file_b=mismatch pain002=ok "},
		{"pain002", func(r evidence.Record) evidence.Piece { return r.Pain002 }, "record=ok file_a=ok file_b=ok pain002=mismatch "},
	} {
		t.Run(tc.piece, func(t *testing.T) {
			m, rec := written(t)
			p := tc.where(rec)
			data := m.get(p.Area, p.Name)
			data[len(data)/2] ^= 1 // one bit of one byte
			m.put(p.Area, p.Name, data)
			rep, err := evidence.Verify(context.Background(), m.areas(), rec.FileID)
			if err != nil || rep.OK || statuses(rep) != tc.want {
				t.Fatalf("%s changed: %v %s", tc.piece, err, statuses(rep))
			}
			c := rep.Checks[map[string]int{"file_a": 1, "file_b": 2, "pain002": 3}[tc.piece]]
			if c.Want != p.SHA256 || c.Got != evidence.SHA256(data) || c.Name != p.Name {
				t.Errorf("check: %+v", c)
			}
		})
	}
}

func TestVerifyFindsAMissingPiece(t *testing.T) {
	m, rec := written(t)
	m.remove(rec.FileB.Area, rec.FileB.Name)
	m.remove(rec.FileA.Area, rec.FileA.Name)
	rep, err := evidence.Verify(context.Background(), m.areas(), rec.FileID)
	if err != nil || rep.OK || statuses(rep) != "record=ok file_a=missing file_b=missing pain002=ok " {
		t.Fatalf("File A and File B removed: %v %s", err, statuses(rep))
	}
}

func TestVerifyRecordItself(t *testing.T) {
	ctx := context.Background()
	m, rec := written(t)
	if _, err := evidence.Verify(ctx, m.areas(), "f-unknown"); !errors.Is(err, evidence.ErrNoRecord) {
		t.Errorf("no record: %v", err)
	}
	// A record stored under another file's name is not that file's evidence.
	m.put(evidence.Area, "f-2.json", m.get(evidence.Area, evidence.Name(rec.FileID)))
	rep, err := evidence.Verify(ctx, m.areas(), "f-2")
	if err != nil || rep.OK || rep.Checks[0].Status != evidence.StatusMismatch {
		t.Errorf("record of another file: %v %+v", err, rep.Checks)
	}
	m.put(evidence.Area, "f-3.json", []byte("{"))
	rep, err = evidence.Verify(ctx, m.areas(), "f-3")
	if err != nil || rep.OK || statuses(rep) != "record=mismatch " {
		t.Errorf("garbled record: %v %s", err, statuses(rep))
	}
	m.fail = errors.New("storage down")
	if _, err := evidence.Verify(ctx, m.areas(), rec.FileID); err == nil || errors.Is(err, evidence.ErrNoRecord) {
		t.Errorf("unreadable store: %v", err)
	}
}

// sidecar stands in for internal/step.Sidecar.
type sidecar struct{ m *memory }

var errStepNotFound = errors.New("step: not found")

func (s sidecar) GetBlob(_ context.Context, binding, name string) ([]byte, error) {
	if b := s.m.get(binding, name); b != nil {
		return b, nil
	}
	return nil, fmt.Errorf("get %s/%s: %w", binding, name, errStepNotFound)
}

func (s sidecar) PutBlob(_ context.Context, binding, name string, data []byte) error {
	s.m.put(binding, name, data)
	return nil
}

func TestOnSidecar(t *testing.T) {
	ctx, m := context.Background(), newMemory()
	areas := evidence.OnSidecar(sidecar{m}, errStepNotFound)
	rec := created(t, m)
	if err := evidence.Write(ctx, areas(evidence.Area), rec); err != nil {
		t.Fatal(err)
	}
	if rep, err := evidence.Verify(ctx, areas, rec.FileID); err != nil || !rep.OK {
		t.Errorf("through a sidecar: %v %s", err, statuses(rep))
	}
	m.remove(rec.Pain002.Area, rec.Pain002.Name)
	if rep, err := evidence.Verify(ctx, areas, rec.FileID); err != nil || statuses(rep) != "record=ok file_a=ok file_b=ok pain002=missing " {
		t.Errorf("missing pain.002 through a sidecar: %v %s", err, statuses(rep))
	}
}
