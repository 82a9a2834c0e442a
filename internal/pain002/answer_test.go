package pain002

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"

	"github.com/paychoreo/choreography/internal/events"
)

// memory is a Store, and with reports a Blobs, in memory; Finals go through JSON as in
// a real store.
type memory struct {
	mu      sync.Mutex
	finals  map[string][]byte
	blobs   map[string][]byte
	puts    int
	onWrite func(n int) // runs before the n-th Put stores its bytes
}

func newMemory() *memory { return &memory{finals: map[string][]byte{}, blobs: map[string][]byte{}} }

func (m *memory) Update(_ context.Context, fileID string, change func(*Finals) (bool, error)) (Finals, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f := Finals{FileID: fileID}
	if raw, ok := m.finals[fileID]; ok {
		json.Unmarshal(raw, &f)
	}
	changed, err := change(&f)
	if err != nil || !changed {
		return f, false, err
	}
	m.finals[fileID], _ = json.Marshal(f)
	return f, true, nil
}

// reports is the memory's Blobs.
type reports struct{ *memory }

func (r reports) Put(_ context.Context, name string, data []byte) error {
	m := r.memory
	m.mu.Lock()
	m.puts++
	n, hook := m.puts, m.onWrite
	m.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.blobs[name] = bytes.Clone(data)
	return nil
}

func (m *memory) report(t *testing.T) parsed {
	t.Helper()
	doc, ok := m.blobs[Name(ref.FileID)]
	if !ok || len(m.blobs) != 1 {
		t.Fatalf("%d reports, none named %s", len(m.blobs), Name(ref.FileID))
	}
	xmllint(t, doc)
	return parse(t, doc)
}

var (
	createdEvent = events.Created{FileRef: ref, SenderID: "ACME-CORP", FileReference: "R-1", NbOfTxs: 1, MsgID: "ACME-CORP/R-1"}
	failedEvent  = events.Failed{FileRef: ref, Stage: "creator", Topic: "file.adapted", Reason: "storage refused the write"}
)

func answer(t *testing.T, m *memory, topic string, ev any) (Written, bool) {
	t.Helper()
	w, added, err := Answer(context.Background(), m, reports{m}, ref.FileID, topic, payload(t, ev), "2026-11-25T07:00:00Z", "")
	if err != nil {
		t.Fatal(err)
	}
	return w, added
}

// A compensated file's report replaces a created file's, and a file.created that comes
// after file.failed changes nothing.
func TestAnswerCompensationWins(t *testing.T) {
	for _, order := range [][]string{{events.FileCreated, events.FileFailed}, {events.FileFailed, events.FileCreated}} {
		m := newMemory()
		for _, topic := range order {
			ev := map[string]any{events.FileCreated: createdEvent, events.FileFailed: failedEvent}[topic]
			if _, added := answer(t, m, topic, ev); !added {
				t.Errorf("%v: %s not recorded", order, topic)
			}
		}
		if p := m.report(t); p.Group.GrpSts != Rejected || p.groupCodes()[0] != Compensated {
			t.Errorf("%v: the report is %s %v", order, p.Group.GrpSts, p.groupCodes())
		}
	}
}

// file.failed is recorded and its report written while a delivery of file.created is
// writing the created file's report, which lands last: that delivery reads the store
// again and writes the compensated report over its own.
func TestAnswerInterleaved(t *testing.T) {
	m := newMemory()
	m.onWrite = func(n int) {
		if n == 1 {
			m.onWrite = nil
			if w, _ := answer(t, m, events.FileFailed, failedEvent); w.Report.Outcome != OutcomeCompensated {
				t.Errorf("the failed file's delivery wrote %s", w.Report.Outcome)
			}
		}
	}
	w, _ := answer(t, m, events.FileCreated, createdEvent)
	if w.Report.Outcome != OutcomeCompensated || m.puts != 3 {
		t.Errorf("the created file's delivery ended with %s after %d writes", w.Report.Outcome, m.puts)
	}
	if p := m.report(t); p.Group.GrpSts != Rejected {
		t.Errorf("the report kept is %s", p.Group.GrpSts)
	}
}

// A redelivery records nothing and writes nothing; a report written but not noted (the
// delivery stopped in between) is written again by the next, the same bytes.
func TestAnswerRedelivery(t *testing.T) {
	m := newMemory()
	first, added := answer(t, m, events.FileCreated, createdEvent)
	doc := bytes.Clone(m.blobs[first.Name])
	again, addedAgain := answer(t, m, events.FileCreated, createdEvent)
	if !added || addedAgain || again.SHA256 != first.SHA256 || m.puts != 1 {
		t.Errorf("added %v then %v; sha %s then %s; %d writes", added, addedAgain, first.SHA256, again.SHA256, m.puts)
	}
	m.Update(context.Background(), ref.FileID, func(f *Finals) (bool, error) { f.Written = ""; return true, nil })
	answer(t, m, events.FileCreated, createdEvent)
	if !bytes.Equal(doc, m.blobs[first.Name]) || m.puts != 2 {
		t.Errorf("after %d writes the report is\n%s", m.puts, m.blobs[first.Name])
	}
	if p := m.report(t); p.Group.GrpSts != AcceptedCustomerProfile {
		t.Errorf("status %s", p.Group.GrpSts)
	}
}

func TestAnswerInvalid(t *testing.T) {
	m := newMemory()
	_, _, err := Answer(context.Background(), m, reports{m}, ref.FileID, events.FileReceived, []byte(`{}`), "2026-11-25T07:00:00Z", "")
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("file.received: %v", err)
	}
	_, _, err = Answer(context.Background(), m, reports{m}, ref.FileID, events.FileRejected, payload(t, events.Rejected{FileRef: ref}), "late", "")
	if !errors.Is(err, ErrInvalid) || len(m.blobs) != 0 {
		t.Errorf("a time that is not RFC 3339: %v, %d reports", err, len(m.blobs))
	}
}
