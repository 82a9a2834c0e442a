package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/pain001"
)

// TestTechnicalFailureIsRetriedThenDeadLettered makes File B Storage refuse one file (a
// folder stands where its File B must go) after validation and adaptation succeeded.
// The creator must be called 1 + maxRetries times (resiliency.yaml: delivery.maxRetries
// = 3), then the message must land on deadletter.creator, kept in its Redis stream.
func TestTechnicalFailureIsRetriedThenDeadLettered(t *testing.T) {
	p := startPipeline(t, options{offset: 300})
	const ref = "FAIL-1"
	blocker := filepath.Join(p.data, "outbox", pain001.FileName("ACME-CORP", ref))
	if err := os.MkdirAll(filepath.Join(blocker, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	p.drop("fail.csv", []byte("H,ACME-CORP,"+ref+",2026-11-25T08:00:00+01:00\n"+detail+"T,1,10.00\n"))

	letter := p.awaitDeadLetter("deadletter.creator", "fail.csv", 2*time.Minute)
	if letter.Topic != "file.adapted" || !strings.HasSuffix(letter.ID, "/file.adapted") {
		t.Errorf("dead letter is %s on topic %s, want the file.adapted event", letter.ID, letter.Topic)
	}
	attempts := strings.Count(p.run.Logs("creator"), `"event_id":"`+letter.ID+`"`)
	if attempts != 4 {
		t.Errorf("creator handled %s %d times, want 1 + 3 retries = 4", letter.ID, attempts)
	}
	if _, err := os.Stat(filepath.Join(p.data, "inbox", "fail.csv")); err != nil {
		t.Errorf("File A must stay until someone acts on the dead letter: %v", err)
	}
}

type cloudEvent struct {
	ID    string          `json:"id"`
	Topic string          `json:"topic"`
	Data  json.RawMessage `json:"data"`
}

// awaitDeadLetter polls a dead-letter stream, where a person finds it with
// `redis-cli XRANGE <topic> - +`, for an event about blob.
func (p *pipeline) awaitDeadLetter(stream, blob string, within time.Duration) cloudEvent {
	p.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		reply, err := redisDo(p.db, "XRANGE", stream, "-", "+")
		if err != nil {
			p.t.Fatal(err)
		}
		entries, _ := reply.([]any)
		for _, e := range entries {
			fields := e.([]any)[1].([]any)
			for i := 0; i+1 < len(fields); i += 2 {
				var ce cloudEvent
				if fields[i] == "data" && json.Unmarshal([]byte(fields[i+1].(string)), &ce) == nil &&
					strings.Contains(string(ce.Data), `"blob":"`+blob+`"`) {
					return ce
				}
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	p.t.Fatalf("no dead letter for %s on %s within %s", blob, stream, within)
	return cloudEvent{}
}
