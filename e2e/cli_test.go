package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/testpipe"
	"github.com/paychoreo/choreography/internal/tracking"
)

// TestCLI runs the real bin/choreo the way a person or a script does, against a real
// pipeline: submit uploads through intake's sidecar and waits for each outcome, and its
// exit code tells how they ended; status lists and explains; watch follows them live.
func TestCLI(t *testing.T) {
	p := testpipe.Start(t, testpipe.Options{Offset: 200})
	tr, _ := p.Runs[0].App("tracker")
	tracker := fmt.Sprintf("http://127.0.0.1:%d", tr.AppPort)
	dir := t.TempDir()
	good := writeFile(t, dir, "cli-good.csv", "H,ACME-CORP,CLI-1,2026-11-25T08:00:00+01:00\n"+detail+"T,1,10.00\n")
	bad := writeFile(t, dir, "cli-bad.csv", "H,ACME-CORP,CLI-2,2026-11-25T08:00:00+01:00\n"+detail+"T,1,43.00\n")

	watch := startWatch(t, p, "watch", "--tracker", tracker, "--json", "--all", "--interval", "200ms")

	out, code := choreo(t, p, "submit", "--dapr-grpc", p.GRPC("intake"), "--tracker", tracker, "--timeout", "2m", good, bad)
	if code != 1 {
		t.Fatalf("submit of a valid and an invalid file: exit %d, want 1\n%s", code, out)
	}
	for _, want := range []string{
		"created      cli-good.csv", "File B pain001_ACME-CORP_CLI-1.xml (1 payment, control sum 10.00)",
		"rejected     cli-bad.csv", "CONTROL_TOTAL_MISMATCH", "2 files: 1 created, 1 rejected",
	} {
		if !strings.Contains(out.stdout, want) {
			t.Errorf("submit output lacks %q:\n%s", want, out.stdout)
		}
	}
	if out.stderr != "" {
		t.Errorf("submit wrote to stderr (no terminal, no progress bar): %q", out.stderr)
	}

	// A script's view: --json, and exit 0 when every file was created.
	good2 := writeFile(t, dir, "cli-good-2.csv", "H,ACME-CORP,CLI-3,2026-11-25T08:00:00+01:00\n"+detail+"T,1,10.00\n")
	out, code = choreo(t, p, "submit", "--json", "--dapr-grpc", p.GRPC("intake"), "--tracker", tracker, good2)
	var sub struct {
		Files []struct {
			Name   string         `json:"name"`
			Status string         `json:"status"`
			File   *tracking.File `json:"file"`
		} `json:"files"`
		ExitCode int `json:"exit_code"`
	}
	if err := json.Unmarshal([]byte(out.stdout), &sub); err != nil || code != 0 || sub.ExitCode != 0 ||
		len(sub.Files) != 1 || sub.Files[0].Status != tracking.Created || sub.Files[0].File == nil || sub.Files[0].File.FileB == "" {
		t.Errorf("submit --json of a valid file: exit %d, %v:\n%s%s", code, err, out.stdout, out.stderr)
	}

	out, code = choreo(t, p, "status", "--json", "--tracker", tracker)
	var list struct {
		Files []tracking.File `json:"files"`
		Count int             `json:"count"`
	}
	if err := json.Unmarshal([]byte(out.stdout), &list); err != nil || code != 0 || list.Count != 3 {
		t.Fatalf("status --json: exit %d, %v:\n%s", code, err, out.stdout)
	}
	var badID string
	for _, f := range list.Files {
		if f.Blob == "cli-bad.csv" {
			badID = f.FileID
		}
	}
	out, code = choreo(t, p, "status", "--status", "rejected", "--tracker", tracker)
	if code != 0 || !strings.Contains(out.stdout, "cli-bad.csv") || strings.Contains(out.stdout, "cli-good.csv") ||
		!strings.Contains(out.stdout, "1 file: 1 rejected") {
		t.Errorf("status --status rejected: exit %d:\n%s", code, out.stdout)
	}
	out, code = choreo(t, p, "status", badID, "--tracker", tracker)
	for _, want := range []string{"file.received", "file.rejected", "by validator", "rejection reasons (1)", "CONTROL_TOTAL_MISMATCH", "/outputs/" + badID + "/report"} {
		if code != 0 || !strings.Contains(out.stdout, want) {
			t.Errorf("status %s lacks %q (exit %d):\n%s", badID, want, code, out.stdout)
		}
	}

	// watch saw both outcomes as they happened, and Ctrl-C ends it cleanly.
	seen := watch.until(t, time.Minute, func(c watchLine) bool { return c.Blob == "cli-good.csv" && c.Status == tracking.Created },
		func(c watchLine) bool { return c.Blob == "cli-bad.csv" && c.Status == tracking.Rejected })
	if code := watch.interrupt(t); code != 0 {
		t.Errorf("watch ended with exit %d on Ctrl-C", code)
	}
	t.Logf("watch printed %d changes", seen)

	// Errors are exit 2: a file that does not exist, a tracker that does not answer.
	out, code = choreo(t, p, "submit", "--dapr-grpc", p.GRPC("intake"), "--tracker", tracker, filepath.Join(dir, "missing.csv"))
	if code != 2 || !strings.Contains(out.stdout, "error") {
		t.Errorf("submit of a missing file: exit %d, want 2:\n%s%s", code, out.stdout, out.stderr)
	}
	if out, code = choreo(t, p, "status", "--tracker", "http://127.0.0.1:1"); code != 2 || !strings.Contains(out.stderr, "tracker") {
		t.Errorf("status without a tracker: exit %d, want 2:\n%s", code, out.stderr)
	}
	if out, code = choreo(t, p, "help", "submit"); code != 0 || !strings.Contains(out.stdout, "Exit codes") {
		t.Errorf("help submit: exit %d:\n%s", code, out.stdout)
	}
}

type output struct{ stdout, stderr string }

// choreo runs bin/choreo with the pipeline's API token and returns its output and exit code.
func choreo(t *testing.T, p *testpipe.Pipeline, args ...string) (output, int) {
	t.Helper()
	cmd := choreoCmd(p, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run choreo %v: %v", args, err)
	}
	return output{stdout.String(), stderr.String()}, cmd.ProcessState.ExitCode()
}

// choreoOut is what choreo printed, stdout and stderr, when it succeeded.
func choreoOut(t *testing.T, p *testpipe.Pipeline, args ...string) string {
	t.Helper()
	out, code := choreo(t, p, args...)
	if code != 0 {
		t.Fatalf("choreo %v: exit %d\n%s%s", args, code, out.stdout, out.stderr)
	}
	return out.stdout + out.stderr
}

func choreoCmd(p *testpipe.Pipeline, args ...string) *exec.Cmd {
	intake, _ := p.Runs[0].App("intake")
	cmd := exec.Command(filepath.Join(testpipe.Root, "bin", "choreo"), args...)
	cmd.Env = append(os.Environ(), "DAPR_API_TOKEN="+intake.Tokens.Dapr)
	return cmd
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// watchLine is one line of `choreo watch --json`.
type watchLine struct {
	Blob   string `json:"blob"`
	Status string `json:"status"`
	Topic  string `json:"topic"`
}

type watchProc struct {
	cmd   *exec.Cmd
	lines chan watchLine
	done  chan struct{}
}

// startWatch runs `choreo watch --json` in the background; it is interrupted at the end.
func startWatch(t *testing.T, p *testpipe.Pipeline, args ...string) *watchProc {
	t.Helper()
	w := &watchProc{cmd: choreoCmd(p, args...), lines: make(chan watchLine, 1000), done: make(chan struct{})}
	stdout, err := w.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	w.cmd.Stderr = &stderr
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(w.done)
		s := bufio.NewScanner(stdout)
		for s.Scan() {
			var l watchLine
			if json.Unmarshal(s.Bytes(), &l) != nil {
				l = watchLine{Status: "unparsable: " + s.Text()}
			}
			w.lines <- l
		}
		w.cmd.Wait()
	}()
	t.Cleanup(func() {
		w.cmd.Process.Kill()
		<-w.done
		if t.Failed() {
			t.Logf("choreo watch stderr:\n%s", stderr.String())
		}
	})
	return w
}

// until reads lines until every condition has matched one, within the deadline.
func (w *watchProc) until(t *testing.T, within time.Duration, conds ...func(watchLine) bool) int {
	t.Helper()
	deadline := time.After(within)
	met := make([]bool, len(conds))
	n := 0
	var got []watchLine
	for {
		left := 0
		for _, m := range met {
			if !m {
				left++
			}
		}
		if left == 0 {
			return n
		}
		select {
		case l := <-w.lines:
			n++
			got = append(got, l)
			for i, c := range conds {
				met[i] = met[i] || c(l)
			}
		case <-w.done:
			t.Fatalf("choreo watch ended early; it printed %+v", got)
		case <-deadline:
			t.Fatalf("choreo watch did not show every outcome within %s; it printed %+v", within, got)
		}
	}
}

// interrupt sends Ctrl-C and returns the exit code.
func (w *watchProc) interrupt(t *testing.T) int {
	t.Helper()
	w.cmd.Process.Signal(os.Interrupt)
	select {
	case <-w.done:
		return w.cmd.ProcessState.ExitCode()
	case <-time.After(30 * time.Second):
		t.Fatal("choreo watch did not stop on Ctrl-C")
	}
	return -1
}
