package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	dapr "github.com/dapr/go-sdk/client"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/tracking"
)

func testEnv() (env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return env{stdout: &out, stderr: &errb}, &out, &errb
}

func TestHelpExplainsEveryCommand(t *testing.T) {
	e, out, _ := testEnv()
	if err := run(context.Background(), []string{"help"}, e); err != nil {
		t.Fatal(err)
	}
	for _, c := range commands {
		if !strings.Contains(out.String(), c.name) {
			t.Errorf("choreo help does not list %q", c.name)
		}
		for _, args := range [][]string{append(strings.Fields(c.name), "--help"), append([]string{"help"}, strings.Fields(c.name)...)} {
			e, out, _ := testEnv()
			if err := run(context.Background(), args, e); err != nil {
				t.Errorf("%v: %v", args, err)
			}
			// --json on every command, for scripts.
			for _, want := range []string{"Usage: choreo " + c.name, "Flags:", "--json", "--help"} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("%v lacks %q:\n%s", args, want, out.String())
				}
			}
		}
	}
	e, _, errb := testEnv()
	if err := run(context.Background(), []string{"frobnicate"}, e); exitCode(err) != exitError || !strings.Contains(errb.String(), "Commands:") {
		t.Errorf("an unknown command: %v, exit %d", err, exitCode(err))
	}
	if err := run(context.Background(), []string{"status", "--bogus"}, e); exitCode(err) != exitError || !strings.Contains(err.Error(), "choreo status --help") {
		t.Errorf("an unknown flag: %v", err)
	}
}

// fakeIntake answers intake's submit method the way intake does.
type fakeIntake struct {
	mu    sync.Mutex
	names []string
}

func (f *fakeIntake) InvokeMethodWithContent(_ context.Context, app, method, verb string, c *dapr.DataContent) ([]byte, error) {
	var req struct {
		Name    string `json:"name"`
		Content []byte `json:"content"`
	}
	if app != "intake" || method != "submit" || verb != "post" || json.Unmarshal(c.Data, &req) != nil || len(req.Content) == 0 {
		return nil, fmt.Errorf("unexpected call %s/%s %s %s", app, method, verb, c.Data)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.names = append(f.names, req.Name)
	return json.Marshal(map[string]string{"file_id": "f-" + strings.TrimSuffix(req.Name, ".csv"), "blob": req.Name, "sha256": "x"})
}

// fakeTracker serves GET /api/files/{id}: each file is unknown at first, then open,
// then final with the outcome its name tells.
func fakeTracker(t *testing.T) *httptest.Server {
	var mu sync.Mutex
	asked := map[string]int{}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/api/files/")
		mu.Lock()
		asked[id]++
		n := asked[id]
		mu.Unlock()
		if n == 1 {
			http.Error(w, `{"error":"no such file"}`, http.StatusNotFound)
			return
		}
		f := tracking.File{FileID: id, Blob: strings.TrimPrefix(id, "f-") + ".csv", Status: tracking.Validated}
		switch {
		case strings.Contains(id, "never"):
		case strings.Contains(id, "good"):
			f.Status, f.Final, f.FileB, f.NbOfTxs, f.ControlSum = tracking.Created, true, "pain001_A_"+id+".xml", 2, "3.00"
		case strings.Contains(id, "bad"):
			f.Status, f.Final, f.ViolationCnt = tracking.Rejected, true, 1
			f.Violations = []events.Violation{{Line: 3, Field: "control_sum", Code: "CONTROL_TOTAL_MISMATCH", Message: "<b>43.00</b>"}}
		}
		json.NewEncoder(w).Encode(fileTimeline{File: f, StageMS: map[string]int64{}})
	}))
	t.Cleanup(s.Close)
	return s
}

func submitWith(t *testing.T, names []string, asJSON bool, timeout time.Duration) (*bytes.Buffer, error) {
	dir := t.TempDir()
	var paths []string
	for _, n := range names {
		p := filepath.Join(dir, n)
		if !strings.Contains(n, "missing") {
			os.WriteFile(p, []byte("H,A,R,2026-11-25T08:00:00Z\n"), 0o644)
		}
		paths = append(paths, p)
	}
	e, out, _ := testEnv()
	s := &submission{e: e, asJSON: asJSON, api: newTrackerAPI(fakeTracker(t).URL), bar: newProgress(e.stderr, false, len(paths))}
	for _, p := range paths {
		s.results = append(s.results, &submitResult{Path: p, Name: filepath.Base(p)})
	}
	s.width = nameWidth(s.results)
	s.upload(context.Background(), &fakeIntake{}, true)
	s.await(context.Background(), timeout, 5*time.Millisecond)
	return out, s.finish()
}

func TestSubmitWaitsAndExitCodeTellsTheOutcome(t *testing.T) {
	out, err := submitWith(t, []string{"good.csv", "bad.csv"}, false, time.Minute)
	if exitCode(err) != exitOutcome {
		t.Errorf("a created and a rejected file: exit %d (%v), want 1", exitCode(err), err)
	}
	want := `created      good.csv  f-good                      File B pain001_A_f-good.xml (2 payments, control sum 3.00)
rejected     bad.csv   f-bad                       1 violation: CONTROL_TOTAL_MISMATCH line 3 control_sum
             line 3     control_sum            CONTROL_TOTAL_MISMATCH     <b>43.00</b>
2 files: 1 created, 1 rejected
`
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}

	if _, err := submitWith(t, []string{"good-1.csv", "good-2.csv"}, false, time.Minute); exitCode(err) != exitOK {
		t.Errorf("two created files: exit %d (%v)", exitCode(err), err)
	}

	out, err = submitWith(t, []string{"good.csv", "never.csv", "missing.csv"}, true, 50*time.Millisecond)
	var got struct {
		Files    []submitResult `json:"files"`
		Summary  map[string]int `json:"summary"`
		ExitCode int            `json:"exit_code"`
	}
	if jerr := json.Unmarshal(out.Bytes(), &got); jerr != nil || exitCode(err) != exitError || got.ExitCode != exitError {
		t.Fatalf("a file never final and a missing one: exit %d (%v), JSON %v:\n%s", exitCode(err), err, jerr, out)
	}
	if got.Summary["created"] != 1 || got.Summary["pending"] != 1 || got.Summary["error"] != 1 ||
		got.Files[1].File == nil || got.Files[1].File.Status != tracking.Validated || !strings.Contains(got.Files[1].Error, "not final within") {
		t.Errorf("JSON results: %+v", got)
	}
}

func TestWatcherShowsOnlyWhatIsNew(t *testing.T) {
	start := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	at := func(s int) string { return start.Add(time.Duration(s) * time.Second).Format(time.RFC3339Nano) }
	step := func(topic, status string, s int) tracking.Step {
		return tracking.Step{Topic: topic, EventID: topic, Stage: "x", At: at(s), Status: status}
	}
	old := tracking.File{FileID: "old", Blob: "old.csv", ReceivedAt: at(-60), Status: tracking.Validated,
		Steps: []tracking.Step{step("file.received", tracking.Received, -60), step("file.validated", tracking.Validated, -59)}}
	fresh := tracking.File{FileID: "new", Blob: "new.csv", ReceivedAt: at(1), Status: tracking.Received,
		Steps: []tracking.Step{step("file.received", tracking.Received, 1)}}

	w := newWatcher(start, false, false)
	got := w.changes([]tracking.File{old, fresh})
	if len(got) != 1 || got[0].Blob != "new.csv" || got[0].Status != tracking.Received {
		t.Fatalf("first look: %+v", got)
	}
	if got := w.changes([]tracking.File{old, fresh}); len(got) != 0 {
		t.Errorf("nothing changed, yet: %+v", got)
	}
	old.Steps = append(old.Steps, step("file.adapted", tracking.Adapted, 2))
	old.Stalled = true
	fresh.Steps = append(fresh.Steps, step("file.validated", tracking.Validated, 2), step("file.rejected", tracking.Rejected, 3))
	fresh.Status, fresh.Final, fresh.FinishedAt = tracking.Rejected, true, at(3)
	fresh.SenderID, fresh.FileReference, fresh.NbOfTxs, fresh.ControlSum = "ACME-CORP", "R-1", 1, "10.00"
	fresh.Violations = []events.Violation{{Line: 3, Field: "control_sum", Code: "CONTROL_TOTAL_MISMATCH"}}
	old.UpdatedAt = at(4)
	var lines []string
	for _, c := range w.changes([]tracking.File{old, fresh}) {
		lines = append(lines, changeLine(c, start))
	}
	want := `09:00:02  validated    new.csv                       ACME-CORP R-1, 1 payment, control sum 10.00
09:00:02  adapted      old.csv                       batches staged
09:00:03  rejected     new.csv                       1 violation: CONTROL_TOTAL_MISMATCH line 3 control_sum, 2.00 s in all
09:00:04  stalled      old.csv                       past its deadline and still validated`
	if got := strings.Join(lines, "\n"); got != want {
		t.Errorf("changes:\n%s\nwant:\n%s", got, want)
	}

	final := newWatcher(start, true, true)
	got = final.changes([]tracking.File{old, fresh})
	if len(got) != 1 || got[0].Blob != "new.csv" || got[0].Status != tracking.Rejected {
		t.Errorf("--all --final at start shows the final files once: %+v", got)
	}
}
