package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/pain001"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// TestCreatorFailureIsCompensated makes File B Storage refuse one File B (an empty
// folder stands where it must go; on Azure Blob Storage a leased blob), after validation
// and adaptation succeeded, on every component profile (testpipe.Profiles). Then:
//   - the creator is called 1 + maxRetries times (resiliency.yaml), the event lands on
//     deadletter.creator, and the keeper records it with stage, reason and attempts;
//   - compensation undoes everything: the limit reservation is back at its prior value,
//     no staged data, no File B, File A in quarantine with the reason, the file
//     reference free again;
//   - after the fix, a redrive brings the file through, and the audit trail says so.
func TestCreatorFailureIsCompensated(t *testing.T) {
	onEveryProfile(t, testpipe.Options{Offset: 300}, creatorFailureIsCompensated)
}

func creatorFailureIsCompensated(t *testing.T, p *testpipe.Pipeline) {
	first := p.Await(dropFile(p, "before.csv", "OK-1", "100.00"), time.Minute)
	if first.Kind != "created" {
		t.Fatalf("before.csv %s", first.Kind)
	}
	prior := usage(t, p)
	if prior != "100.00" {
		t.Fatalf("usage after one accepted file of 100.00 is %q", prior)
	}

	name := pain001.FileName("ACME-CORP", "FAIL-1")
	unblock := dropBlocked(p, "fail.csv", "FAIL-1", "250.00")
	letter := p.AwaitDeadLetter("deadletter.creator", "fail.csv", 2*time.Minute)
	// The fix: on Azure the lease goes, so that the creator's compensation can delete what
	// stands at File B's name (a folder needs no fix: the compensating delete removes it).
	unblock()
	o := p.Await("fail.csv", 2*time.Minute)
	if o.Kind != "compensated" {
		t.Fatalf("fail.csv: %s, want compensated", o.Kind)
	}
	if letter.Topic != "file.adapted" || !strings.HasSuffix(letter.ID, "/file.adapted") {
		t.Errorf("dead letter is %s on topic %s, want the file.adapted event", letter.ID, letter.Topic)
	}
	want := 1 + maxRetries(t, p.Profile)
	attempts := strings.Count(p.Logs("creator"), `"event_id":"`+letter.ID+`","topic":"file.adapted"`)
	if attempts != want {
		t.Errorf("creator handled %s %d times, want 1 + maxRetries = %d", letter.ID, attempts, want)
	}
	p.Eventually(time.Minute, "every compensation done", func() bool {
		return usage(t, p) == prior && !p.Exists("outbox", name) &&
			!p.Exists("outbox", name+".ok") && len(p.List("staging", o.FileID+"/")) == 0
	})
	checkQuarantine(t, p, o)
	if p.BrokerKeepsStreams() {
		checkOneTrace(t, p, o)
	}
	rec := checkDeadLetter(t, p, "creator:"+letter.ID, want)

	out, err := p.Choreo("deadletters", "redrive", rec.ID, "--by", "e2e", "--note", "trigger folder removed",
		"--dapr-grpc", p.GRPC("intake"))
	if err != nil {
		t.Fatalf("redrive: %v\n%s", err, out)
	}
	p.Eventually(2*time.Minute, "the redriven file is created", func() bool {
		for _, x := range p.Outcomes("fail.csv") {
			if x.Kind == "created" {
				return true
			}
		}
		return false
	})
	if u := usage(t, p); u != "350.00" {
		t.Errorf("usage after the redriven file is %s, want 350.00", u)
	}
	after := checkDeadLetter(t, p, rec.ID, want)
	if after.Status != deadletter.StatusRedriven || after.Audit[len(after.Audit)-1].By != "e2e" {
		t.Errorf("dead letter after redrive: status %s, audit %+v", after.Status, after.Audit)
	}
}

// TestDeadLetterOfAFinishedFileUndoesNothing: a late duplicate of a step's event that
// fails after its file was created (its input already cleaned up) is dead-lettered like
// any other. The keeper must record it and undo nothing: File B stays, the limit stays
// reserved, File A stays archived, and no file.failed goes out. On the local profile: the
// dead letter is added to the creator's dead-letter stream as its sidecar would.
func TestDeadLetterOfAFinishedFileUndoesNothing(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 350})
	o := p.Await(dropFile(p, "done.csv", "DONE-1", "75.00"), time.Minute)
	if o.Kind != "created" {
		t.Fatalf("done.csv %s", o.Kind)
	}
	name := pain001.FileName("ACME-CORP", "DONE-1")
	ids := p.RedeliverTo("file.adapted", "deadletter.creator", o.FileID+"/")
	if len(ids) != 1 {
		t.Fatalf("file.adapted events of %s: %v", o.FileID, ids)
	}
	want := `"file_id":"` + o.FileID + `"`
	p.Eventually(time.Minute, "the keeper resolves the dead letter as a late duplicate", func() bool {
		for _, line := range strings.Split(p.Logs("intake"), "\n") {
			if strings.Contains(line, want) && strings.Contains(line, `"outcome":"late_duplicate"`) {
				return true
			}
		}
		return false
	})
	out, err := p.Choreo("deadletters", "show", "creator:"+ids[0], "--dapr-grpc", p.GRPC("intake"))
	if err != nil {
		t.Fatalf("choreo deadletters show: %v\n%s", err, out)
	}
	var rec deadletter.Record
	if err := json.Unmarshal(out[strings.Index(string(out), "{"):], &rec); err != nil || rec.Status != deadletter.StatusResolved {
		t.Errorf("dead letter of a finished file: %v %s", err, out)
	}
	for _, ce := range p.Stream("file.failed") {
		if strings.HasPrefix(ce.ID, o.FileID+"/") {
			t.Errorf("file.failed published for the finished file %s", o.FileID)
		}
	}
	if !p.Exists("outbox", name) || !p.Exists("outbox", name+".ok") {
		t.Errorf("File B %s or its trigger is gone", name)
	}
	if u := usage(t, p); u != "75.00" {
		t.Errorf("usage is %s after a late dead letter, want 75.00", u)
	}
	if got := p.Outcomes("done.csv"); len(got) != 1 || got[0].Kind != "created" {
		t.Errorf("File A of the finished file: %+v", got)
	}
}

func dropFile(p *testpipe.Pipeline, name, ref, amount string) string {
	p.Drop(name, []byte("H,ACME-CORP,"+ref+",2026-11-25T08:00:00+01:00\n"+
		"D,E2E-1,DE89370400440532013000,2026-11-26,"+amount+",EUR,Widget GmbH,FR1420041010050500013M02606,,Inv 1\n"+
		"T,1,"+amount+"\n"))
	return name
}

// dropBlocked drops a valid File A of ACME-CORP whose File B the creator cannot write
// (testpipe's Block), and returns what lifts the block.
func dropBlocked(p *testpipe.Pipeline, name, ref, amount string) (unblock func()) {
	unblock = p.Block("outbox", pain001.FileName("ACME-CORP", ref))
	dropFile(p, name, ref, amount)
	return unblock
}

// usage reads ACME-CORP's reserved daily usage where the validator keeps it.
func usage(t *testing.T, p *testpipe.Pipeline) string {
	t.Helper()
	key := "validator||usage|ACME-CORP|" + time.Now().UTC().Format(time.DateOnly)
	v, err := p.Do("HGET", key, "data")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := v.(string)
	var u struct{ Used string }
	if s != "" {
		json.Unmarshal([]byte(s), &u)
	}
	return u.Used
}

// checkOneTrace checks that dead letters and compensations stay in the file's one trace,
// reading the events back from the broker's streams (Redis Streams keep them).
func checkOneTrace(t *testing.T, p *testpipe.Pipeline, o testpipe.Outcome) {
	t.Helper()
	trace := map[string]bool{}
	for _, topic := range []string{"file.received", "file.adapted", "deadletter.creator", "file.failed"} {
		for _, ce := range p.Stream(topic) {
			if strings.HasPrefix(ce.ID, o.FileID+"/") {
				trace[topic+" "+traceIDOf(ce)] = true
			}
		}
	}
	ids := map[string]bool{}
	for k := range trace {
		ids[strings.Fields(k)[1]] = true
	}
	if len(trace) != 4 || len(ids) != 1 {
		t.Errorf("events of the compensated file are not one trace: %v", trace)
	}
}

func checkQuarantine(t *testing.T, p *testpipe.Pipeline, o testpipe.Outcome) {
	t.Helper()
	raw, err := p.File(o, "reason.json")
	if err != nil {
		t.Fatalf("quarantine has no reason.json: %v", err)
	}
	var why struct{ Stage, Topic, Reason string }
	json.Unmarshal(raw, &why)
	if why.Stage != "creator" || why.Topic != "file.adapted" || why.Reason == "" {
		t.Errorf("reason.json = %s", raw)
	}
}

func checkDeadLetter(t *testing.T, p *testpipe.Pipeline, id string, attempts int) deadletter.Record {
	t.Helper()
	out, err := p.Choreo("deadletters", "show", id, "--dapr-grpc", p.GRPC("intake"))
	if err != nil {
		t.Fatalf("choreo deadletters show: %v\n%s", err, out)
	}
	var rec deadletter.Record
	if err := json.Unmarshal(out[strings.Index(string(out), "{"):], &rec); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rec.Stage != "creator" || rec.Kind != deadletter.KindStep || rec.Attempts != attempts ||
		rec.FirstError == "" || rec.LastError == "" || rec.TraceID == "" || len(rec.Event) == 0 {
		t.Errorf("dead letter record lacks what a person needs: %+v", rec)
	}
	return rec
}
