package launch

import (
	"strings"
	"testing"
	"time"
)

// An app without appPort is a job: Start returns once it has exited with status 0, its
// sidecar stays, and its exit is no failure of the run. Restart runs it again.
func TestJobFinishesAndTheRunStays(t *testing.T) {
	r, out, err := start(t, 10*time.Second, 0, fakeApp{"svc", "ok", 0}, fakeApp{"loader", "done", job})
	if err != nil {
		t.Fatal(err)
	}
	wantContains(t, "console", out.String(), "| fake app loader did its job")
	if strings.Contains(out.String(), "--app-port 0") {
		t.Errorf("a job's sidecar gets no --app-port:\n%s", out)
	}
	if err := r.Restart("loader", App); err != nil {
		t.Fatalf("Restart of a finished job: %v", err)
	}
	if n := strings.Count(r.Logs("loader"), "did its job"); n != 2 {
		t.Errorf("the job ran %d times, want 2", n)
	}
	sidecar, _ := r.proc("loader", Sidecar)
	if !sidecar.running() {
		t.Error("the job's sidecar stopped with it")
	}
	r.Stop()
	if err := r.Wait(); err != nil {
		t.Errorf("Wait = %v: a job's exit 0 is no failure", err)
	}
}

// A job that fails stops the start, with its exit status and last lines.
func TestJobThatFailsStopsTheStart(t *testing.T) {
	_, _, err := start(t, 10*time.Second, 0, fakeApp{"loader", "exit", job})
	if err == nil {
		t.Fatal("want an error")
	}
	wantContains(t, "error", err.Error(), "loader (app) exited before it was healthy (exit status 3)",
		"expected to finish with exit status 0", "fake app loader exiting on purpose")
}
