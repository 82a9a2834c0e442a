package testpipe

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/deadletter"
)

type syncMutex = sync.Mutex

// Need stops the test when infrastructure is missing: a failure under CI=true (CI must
// never pass by skipping), a skip with the reason elsewhere.
func Need(t testing.TB, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required: %v", what, err)
	}
	t.Skipf("%s is not available (%v); `make test` starts it", what, err)
}

// Drop puts File A into the inbox the way a careful uploader does: write a hidden file,
// then rename, so intake never reads half a file (inbox-watch announces it). On Azure
// Blob Storage (azurite) it uploads the blob (a blob appears whole) and publishes the
// blob.created event Event Grid would, through inbox-watch's sidecar, as `choreo upload`
// does.
func (p *Pipeline) Drop(name string, content []byte) {
	p.T.Helper()
	if az := p.prof.az; az != nil {
		if err := az.Upload(context.Background(), name, content, p.AnnounceBlob); err != nil {
			p.T.Fatal(err)
		}
		return
	}
	dst := filepath.Join(p.Data, "inbox", name)
	os.MkdirAll(filepath.Dir(dst), 0o755)
	tmp := filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".part")
	if err := os.WriteFile(tmp, content, 0o644); err != nil {
		p.T.Fatal(err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		p.T.Fatal(err)
	}
}

// Outcome is where a file ended.
type Outcome struct {
	Kind   string // created (archive/), rejected (rejected/) or compensated (quarantine/)
	FileID string
	Dir    string // <area>/<file id>: a folder of Data on local folders, else a name
	Area   string // archive, rejected or quarantine
}

var areas = map[string]string{"archive": "created", "rejected": "rejected", "quarantine": "compensated"}

// Outcomes lists every final File A named name (as stored), oldest areas first.
func (p *Pipeline) Outcomes(name string) []Outcome {
	var out []Outcome
	for _, area := range []string{"archive", "rejected", "quarantine"} {
		if p.prof.az != nil {
			for _, n := range p.List(area, "") {
				if id, base, ok := strings.Cut(n, "/"); ok && base == name {
					out = append(out, Outcome{Kind: areas[area], FileID: id, Dir: area + "/" + id, Area: area})
				}
			}
			continue
		}
		m, _ := filepath.Glob(filepath.Join(p.Data, area, "*", name))
		for _, f := range m {
			dir := filepath.Dir(f)
			out = append(out, Outcome{Kind: areas[area], FileID: filepath.Base(dir), Dir: dir, Area: area})
		}
	}
	return out
}

// Await waits until File A named name (as stored: safe name) reaches a final area.
func (p *Pipeline) Await(name string, within time.Duration) Outcome {
	p.T.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if o := p.Outcomes(name); len(o) > 0 {
			return o[0]
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.T.Fatalf("%s did not reach a final state within %s", name, within)
	return Outcome{}
}

// Eventually polls cond until it holds or the deadline passes.
func (p *Pipeline) Eventually(within time.Duration, what string, cond func() bool) {
	p.T.Helper()
	Eventually(p.T, within, what, cond)
}

// Eventually polls cond every 100 ms until it holds, failing t at the deadline; for
// tests that run processes without a Pipeline.
func Eventually(t testing.TB, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", within, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// ReportCodes reads a rejection report into "LINE FIELD CODE" rows.
func ReportCodes(t *testing.T, dir string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "report.csv"))
	if err != nil {
		t.Fatalf("rejection report: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("rejection report is not CSV: %v", err)
	}
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[2]+" "+r[3]+" "+r[4])
	}
	return out
}

// CloudEvent is a message as kept in a Redis stream.
type CloudEvent struct {
	ID          string          `json:"id"`
	Topic       string          `json:"topic"`
	Data        json.RawMessage `json:"data"`
	TraceParent string          `json:"traceparent"`
	TraceID     string          `json:"traceid"`
	Type        string          `json:"type"`
	Subject     string          `json:"subject"`
}

// Stream reads every CloudEvent of a topic's Redis stream, where a person finds them
// with `redis-cli XRANGE <topic> - +` (profiles whose broker is Redis Streams).
func (p *Pipeline) Stream(topic string) []CloudEvent {
	p.T.Helper()
	reply, err := p.Do("XRANGE", topic, "-", "+")
	if err != nil {
		p.T.Fatal(err)
	}
	var out []CloudEvent
	entries, _ := reply.([]any)
	for _, e := range entries {
		fields := e.([]any)[1].([]any)
		for i := 0; i+1 < len(fields); i += 2 {
			var ce CloudEvent
			if fields[i] == "data" && json.Unmarshal([]byte(fields[i+1].(string)), &ce) == nil {
				out = append(out, ce)
			}
		}
	}
	return out
}

// AwaitDeadLetter waits until the dead-letter keeper (intake) has recorded a dead letter
// about blob that came on stream (deadletter.<consumer>), and returns the original event
// as recorded: its id, its topic, its data. It asks `choreo deadletters list`, as a person
// would, so it works on every broker (RabbitMQ keeps no stream to read back).
func (p *Pipeline) AwaitDeadLetter(stream, blob string, within time.Duration) CloudEvent {
	p.T.Helper()
	stage := strings.TrimPrefix(stream, "deadletter.")
	var found CloudEvent
	p.Eventually(within, "a dead letter for "+blob+" on "+stream, func() bool {
		out, err := p.Choreo("deadletters", "list", "--all", "--json", "--dapr-grpc", p.GRPC("intake"))
		var recs []deadletter.Record
		if err != nil || json.Unmarshal(out, &recs) != nil {
			return false
		}
		for _, r := range recs {
			if r.Stage == stage && r.Blob == blob {
				found = CloudEvent{ID: r.EventID, Topic: r.Topic, Data: r.Event, TraceID: r.TraceID}
				return true
			}
		}
		return false
	})
	return found
}

// Tail returns the last n lines of s.
func Tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// Redeliver adds every message of a topic's stream to it again, the way a broker
// redelivers at least once: same CloudEvent, same id. It returns the ids re-added.
func (p *Pipeline) Redeliver(topic string) []string {
	return p.RedeliverTo(topic, topic, "")
}

// RedeliverTo adds the messages of a topic's stream whose CloudEvent id starts with
// idPrefix ("" for all) to another stream as they are, e.g. to a dead-letter topic the way
// a sidecar dead-letters an event it gave up on. It returns the ids added.
func (p *Pipeline) RedeliverTo(topic, stream, idPrefix string) []string {
	p.T.Helper()
	reply, err := p.Do("XRANGE", topic, "-", "+")
	if err != nil {
		p.T.Fatal(err)
	}
	var ids []string
	entries, _ := reply.([]any)
	for _, e := range entries {
		fields := e.([]any)[1].([]any)
		var ce CloudEvent
		args := []string{"XADD", stream, "*"}
		for i, f := range fields {
			args = append(args, f.(string))
			if i%2 == 0 && f == "data" && i+1 < len(fields) {
				json.Unmarshal([]byte(fields[i+1].(string)), &ce)
			}
		}
		if !strings.HasPrefix(ce.ID, idPrefix) {
			continue
		}
		if _, err := p.Do(args...); err != nil {
			p.T.Fatal(err)
		}
		ids = append(ids, ce.ID)
	}
	return ids
}
