package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	dapr "github.com/dapr/go-sdk/client"
	"github.com/spf13/pflag"

	"github.com/paychoreo/choreography/internal/tracking"
)

const submitHelp = `Upload each FILE (a payment file, File A) to File A Storage through intake's Dapr
sidecar (service invocation of intake's "submit" method; the name in storage is the
file's base name), then wait until the tracker reports each one final and print how it
ended:

  created      the File B written (name), number of payments and control sum
  rejected     every reason: line, field, code and message (the report has them all)
  compensated  why a step failed for good, and the dead letter to look at

With more than one file and stderr on a terminal, a progress bar shows the uploads and
then the files that are final. --wait=false only uploads and prints each file id;
follow them with "choreo status" or "choreo watch".

Exit codes:
  0  every file was created (with --wait=false: every file was uploaded)
  1  at least one file was rejected or compensated, the others created
  2  a file could not be read or uploaded, the tracker could not be asked, a file was
     not final within --timeout, or Ctrl-C; this wins over 1

With --json, one JSON object on stdout: {"files": [{"path", "name", "file_id", "sha256",
"status", "error", "file": <the tracker's record>}], "summary": {...}, "exit_code": N}.

Examples:
  choreo submit samples/acme-example.csv
  choreo submit --timeout 2m incoming/*.csv
  choreo submit --json today.csv | jq -r '.files[] | .status + " " + .name'`

// submitResult is what became of one FILE argument.
type submitResult struct {
	Path   string         `json:"path"`
	Name   string         `json:"name"`
	FileID string         `json:"file_id,omitempty"`
	SHA256 string         `json:"sha256,omitempty"`
	Status string         `json:"status"` // created, rejected, compensated; submitted (no wait); error; pending (not final in time)
	Error  string         `json:"error,omitempty"`
	File   *tracking.File `json:"file,omitempty"` // the tracker's record, when it had one
}

// Statuses of a submit result besides the tracker's final ones.
const (
	resSubmitted = "submitted"
	resError     = "error"
	resPending   = "pending"
)

func submitCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	addr := grpcFlag(fs, "intake")
	tracker := trackerFlag(fs)
	wait := fs.Bool("wait", true, "wait until each file is final and print its outcome (--wait=false: only upload)")
	timeout := fs.Duration("timeout", 10*time.Minute, "how long to wait for all files to be final")
	poll := fs.Duration("poll", 500*time.Millisecond, "how often to ask the tracker while waiting")
	asJSON := fs.Bool("json", false, "print one JSON object with every file's result")
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) == 0 {
			return errors.New("submit takes one or more FILEs")
		}
		s := &submission{e: e, asJSON: *asJSON, api: newTrackerAPI(*tracker), bar: newProgress(e.stderr, e.progress && len(pos) > 1, len(pos))}
		for _, p := range pos {
			s.results = append(s.results, &submitResult{Path: p, Name: filepath.Base(p)})
		}
		s.width = nameWidth(s.results)
		return withSidecar(ctx, *addr, func(c dapr.Client) error {
			s.upload(ctx, c, *wait)
			if *wait {
				s.await(ctx, *timeout, *poll)
			}
			return s.finish()
		})
	}
}

// submission is one run of `choreo submit`.
type submission struct {
	e       env
	asJSON  bool
	api     trackerAPI
	bar     *progress
	results []*submitResult
	width   int
}

// uploader is the part of the Dapr client that submit uses.
type uploader interface {
	InvokeMethodWithContent(ctx context.Context, appID, methodName, verb string, content *dapr.DataContent) ([]byte, error)
}

func (s *submission) upload(ctx context.Context, c uploader, wait bool) {
	s.bar.stage("uploading")
	for i, r := range s.results {
		s.bar.set(i, r.Name)
		if err := uploadOne(ctx, c, r); err != nil {
			r.Status, r.Error = resError, err.Error()
			s.print(r)
			continue
		}
		r.Status = resSubmitted
		if !wait {
			s.print(r)
		}
	}
	s.bar.set(len(s.results), "")
}

// uploadOne sends File A to intake, which stores it, claims it and announces it.
func uploadOne(ctx context.Context, c uploader, r *submitResult) error {
	content, err := os.ReadFile(r.Path)
	if err != nil {
		return err
	}
	body, _ := json.Marshal(map[string]any{"name": r.Name, "content": content})
	out, err := c.InvokeMethodWithContent(ctx, "intake", "submit", "post",
		&dapr.DataContent{ContentType: "application/json", Data: body})
	if err != nil {
		return fmt.Errorf("upload through intake: %w", err)
	}
	var answer struct {
		FileID string `json:"file_id"`
		SHA256 string `json:"sha256"`
		Error  string `json:"error"`
	}
	if err := json.Unmarshal(out, &answer); err != nil || answer.FileID == "" {
		return fmt.Errorf("upload through intake: unexpected answer %s", short(strings.TrimSpace(string(out)), 200))
	}
	r.FileID, r.SHA256 = answer.FileID, answer.SHA256
	return nil
}

// await asks the tracker about every uploaded file until each is final, the timeout
// passes or the user presses Ctrl-C; outcomes are printed as they come.
func (s *submission) await(ctx context.Context, timeout, poll time.Duration) {
	var open []*submitResult
	for _, r := range s.results {
		if r.Status == resSubmitted {
			open = append(open, r)
		}
	}
	s.bar.stage("waiting")
	s.bar.total = len(open)
	deadline := time.Now().Add(timeout)
	var trackerErr string
	for len(open) > 0 {
		var still []*submitResult
		for _, r := range open {
			t, _, err := s.api.file(ctx, r.FileID)
			if err != nil && !errors.Is(err, errNoSuchFile) {
				if err.Error() != trackerErr && ctx.Err() == nil {
					s.bar.println(s.e.stderr, "choreo: "+err.Error()+"; still waiting")
				}
				trackerErr = err.Error()
			}
			if err == nil {
				trackerErr = ""
				f := t.File
				r.File = &f
				if f.Final {
					r.Status = f.Status
					s.print(r)
					s.bar.set(s.bar.done+1, s.tally())
					continue
				}
			}
			still = append(still, r)
		}
		open = still
		if len(open) == 0 {
			break
		}
		why := ""
		select {
		case <-ctx.Done():
			why = "interrupted while waiting (the file goes on)"
		case <-time.After(min(poll, max(time.Until(deadline), 0))):
			if time.Now().After(deadline) {
				why = "not final within " + timeout.String()
			}
		}
		if why != "" {
			for _, r := range open {
				r.Status, r.Error = resPending, why+"; choreo status "+r.FileID
				s.print(r)
			}
			return
		}
	}
}

// tally is "3 created, 1 rejected" over the results so far.
func (s *submission) tally() string {
	var parts []string
	for _, st := range []string{tracking.Created, tracking.Rejected, tracking.Compensated, resError} {
		n := 0
		for _, r := range s.results {
			if r.Status == st {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, st))
		}
	}
	return strings.Join(parts, ", ")
}

// print shows one result as soon as it is known (not with --json: that comes at the end).
func (s *submission) print(r *submitResult) {
	if s.asJSON {
		return
	}
	for _, line := range resultLines(r, s.width) {
		s.bar.println(s.e.stdout, line)
	}
}

func (s *submission) finish() error {
	s.bar.end()
	code := submitExitCode(s.results)
	if s.asJSON {
		summary := map[string]int{}
		for _, r := range s.results {
			summary[r.Status]++
		}
		if err := printJSON(s.e.stdout, map[string]any{"files": s.results, "summary": summary, "exit_code": code}); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(s.e.stdout, submitSummary(s.results))
	}
	switch code {
	case exitOutcome:
		return &outcomeError{"a file was rejected or compensated"}
	case exitError:
		return errors.New("not every file was submitted and final")
	}
	return nil
}

// submitExitCode: 2 when any file failed to upload or is not final; else 1 when any
// was rejected or compensated; else 0.
func submitExitCode(results []*submitResult) int {
	code := exitOK
	for _, r := range results {
		switch r.Status {
		case resError, resPending, "":
			return exitError
		case tracking.Rejected, tracking.Compensated:
			code = exitOutcome
		}
	}
	return code
}

// resultLines is one result for people: a line with status, name, file id and what
// became of it; a rejection adds one line per reason.
func resultLines(r *submitResult, width int) []string {
	detail := r.Error
	if r.File != nil && r.Status != resPending {
		detail = outcome(*r.File)
	}
	if r.Status == resPending && r.File != nil {
		detail = "still " + statusLabel(*r.File) + ": " + r.Error
	}
	if r.Status == resSubmitted {
		detail = "uploaded; follow it with: choreo status " + r.FileID
	}
	id := r.FileID
	if id == "" {
		id = "-"
	}
	lines := []string{strings.TrimRight(fmt.Sprintf("%-11s  %-*s  %-26s  %s", r.Status, width, oneLine(r.Name), id, oneLine(detail)), " ")}
	if r.Status == tracking.Rejected && r.File != nil {
		for _, l := range violationLines(*r.File, 20) {
			lines = append(lines, strings.Repeat(" ", 13)+l)
		}
	}
	return lines
}

// submitSummary is the closing line: "3 files: 2 created, 1 rejected".
func submitSummary(results []*submitResult) string {
	order := []string{tracking.Created, tracking.Rejected, tracking.Compensated, resSubmitted, resPending, resError}
	n := map[string]int{}
	for _, r := range results {
		n[r.Status]++
	}
	var parts []string
	for _, st := range order {
		if n[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[st], st))
		}
	}
	return plural(len(results), "file") + ": " + strings.Join(parts, ", ")
}

func nameWidth(results []*submitResult) int {
	w := 0
	for _, r := range results {
		w = max(w, len([]rune(r.Name)))
	}
	return min(w, 40)
}
