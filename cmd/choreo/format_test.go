package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/tracking"
)

func TestHumanDurations(t *testing.T) {
	for d, want := range map[time.Duration]string{
		-time.Second:                    "0 ms",
		0:                               "0 ms",
		840 * time.Millisecond:          "840 ms",
		1250 * time.Millisecond:         "1.25 s",
		12340 * time.Millisecond:        "12.3 s",
		3*time.Minute + 4*time.Second:   "3 min 4 s",
		2*time.Hour + 5*time.Minute + 1: "2 h 5 min",
	} {
		if got := human(d); got != want {
			t.Errorf("human(%s) = %q, want %q", d, got, want)
		}
	}
}

func TestExitCodes(t *testing.T) {
	if exitCode(nil) != 0 || exitCode(&outcomeError{"rejected"}) != 1 || exitCode(errors.New("down")) != 2 {
		t.Error("exit codes of nil, an outcome and an error are not 0, 1, 2")
	}
	res := func(statuses ...string) []*submitResult {
		var out []*submitResult
		for _, s := range statuses {
			out = append(out, &submitResult{Status: s})
		}
		return out
	}
	for _, c := range []struct {
		statuses []string
		want     int
	}{
		{[]string{"created", "created"}, 0},
		{[]string{"submitted"}, 0}, // --wait=false: uploaded is all it promises
		{[]string{"created", "rejected"}, 1},
		{[]string{"compensated"}, 1},
		{[]string{"rejected", "error"}, 2}, // an error wins over an outcome
		{[]string{"created", "pending"}, 2},
		{[]string{""}, 2},
	} {
		if got := submitExitCode(res(c.statuses...)); got != c.want {
			t.Errorf("submitExitCode(%v) = %d, want %d", c.statuses, got, c.want)
		}
	}
}

func rejectedFile() tracking.File {
	return tracking.File{FileID: "f-1", Blob: "bad.csv", Status: tracking.Rejected, Final: true, ViolationCnt: 5,
		Violations: []events.Violation{
			{Line: 2, Field: "debtor_iban", Code: "INVALID_IBAN", Message: "check digits\ndo not match"},
			{Line: 4, Field: "control_sum", Code: "CONTROL_TOTAL_MISMATCH", Message: "43.00 != 10.00"},
			{Code: "TOO_MANY_VIOLATIONS"},
			{Line: 9, Field: "amount", Code: "INVALID_AMOUNT"},
		}}
}

func TestOutcomeLines(t *testing.T) {
	created := tracking.File{Status: tracking.Created, FileB: "pain001_ACME_R1.xml", NbOfTxs: 1, ControlSum: "10.00"}
	compensated := tracking.File{Status: tracking.Compensated, Failure: "creator failed: disk full", DeadLetterID: "creator:f-1/file.adapted"}
	for _, c := range []struct {
		f    tracking.File
		want string
	}{
		{created, "File B pain001_ACME_R1.xml (1 payment, control sum 10.00)"},
		{rejectedFile(), "5 violations: INVALID_IBAN line 2 debtor_iban; CONTROL_TOTAL_MISMATCH line 4 control_sum; TOO_MANY_VIOLATIONS; …"},
		{compensated, "creator failed: disk full; dead letter creator:f-1/file.adapted; File A is in quarantine"},
		{tracking.File{Status: tracking.Validated, Stalled: true}, "stalled: past its deadline and not final"},
	} {
		if got := outcome(c.f); got != c.want {
			t.Errorf("outcome(%s) =\n %q, want\n %q", c.f.Status, got, c.want)
		}
	}
}

func TestResultLinesListEveryReason(t *testing.T) {
	f := rejectedFile()
	lines := resultLines(&submitResult{Name: "bad.csv", FileID: "f-1", Status: tracking.Rejected, File: &f}, 10)
	want := []string{
		"rejected     bad.csv     f-1                         5 violations: INVALID_IBAN line 2 debtor_iban; CONTROL_TOTAL_MISMATCH line 4 control_sum; TOO_MANY_VIOLATIONS; …",
		"             line 2     debtor_iban            INVALID_IBAN               check digits do not match",
		"             line 4     control_sum            CONTROL_TOTAL_MISMATCH     43.00 != 10.00",
		"             line -     -                      TOO_MANY_VIOLATIONS",
		"             line 9     amount                 INVALID_AMOUNT",
		"             … and 1 more in the rejection report",
	}
	if got := trimLines(strings.Join(lines, "\n")); got != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
	errLine := resultLines(&submitResult{Name: "x.csv", Status: resError, Error: "open x.csv: no such file"}, 5)
	if errLine[0] != "error        x.csv  -                           open x.csv: no such file" {
		t.Errorf("error line %q", errLine[0])
	}
}

func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return strings.Join(lines, "\n")
}

func TestSummaries(t *testing.T) {
	results := []*submitResult{{Status: "created"}, {Status: "created"}, {Status: "rejected"}, {Status: "error"}}
	if got := submitSummary(results); got != "4 files: 2 created, 1 rejected, 1 error" {
		t.Errorf("submitSummary = %q", got)
	}
	files := []tracking.File{{Status: "created"}, {Status: "validated", Stalled: true}}
	if got := countLine(files); got != "2 files: 1 created, 1 validated, 1 stalled" {
		t.Errorf("countLine = %q", got)
	}
	if got := countLine(nil); got != "0 files" {
		t.Errorf("countLine(nil) = %q", got)
	}
}

func TestListAndTimeline(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	at := func(ms int) string {
		return now.Add(-time.Minute + time.Duration(ms)*time.Millisecond).Format(time.RFC3339Nano)
	}
	f := rejectedFile()
	f.SenderID, f.FileReference, f.ReceivedAt, f.FinishedAt, f.Report = "ACME-CORP", "R-1", at(0), at(1500), "f-1/report.csv"
	f.Steps = []tracking.Step{
		{Topic: "file.received", Stage: "intake", At: at(0), Status: tracking.Received},
		{Topic: "file.rejected", Stage: "validator", At: at(1500), Status: tracking.Rejected},
	}
	var b bytes.Buffer
	if err := writeList(&b, []tracking.File{f}, now); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"RECEIVED", "08:59:00  rejected  bad.csv  ACME-CORP  R-1", "1.50 s", "f-1", "1 file: 1 rejected"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("list lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	tl := fileTimeline{File: f, StageMS: map[string]int64{"validator": 1500}}
	if err := writeTimeline(&b, tl, func(kind string) string { return "http://t/outputs/f-1/" + kind }, now); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"bad.csv  rejected", "  report     f-1/report.csv  http://t/outputs/f-1/report\n",
		"08:59:00.000  file.received  by intake", "08:59:01.500  file.rejected  by validator  +1.50 s",
		"time per stage\n  validator  1.50 s", "rejection reasons (5)", "INVALID_IBAN",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("timeline lacks %q:\n%s", want, b.String())
		}
	}
}

func TestProgressBar(t *testing.T) {
	got := bar("waiting", 3, 12, 12, "2 created, 1 rejected", 4200*time.Millisecond)
	if got != "waiting   [███░░░░░░░░░] 3/12  2 created, 1 rejected  4.20 s" {
		t.Errorf("bar = %q", got)
	}
	var b bytes.Buffer
	p := newProgress(&b, false, 3)
	p.stage("uploading")
	p.set(1, "a.csv")
	p.println(&b, "a line")
	p.end()
	if b.String() != "a line\n" {
		t.Errorf("a progress bar that is off printed %q", b.String())
	}
}
