package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/tracking"
)

// Formatting for people: pure functions of the tracker's model, tested on their own.

// human formats a duration the way an operator reads it: 840 ms, 1.25 s, 3 min 4 s.
func human(d time.Duration) string {
	ms := d.Milliseconds()
	switch {
	case ms < 0:
		return "0 ms"
	case ms < 1000:
		return fmt.Sprintf("%d ms", ms)
	case ms < 10_000:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case ms < 60_000:
		return fmt.Sprintf("%.1f s", d.Seconds())
	case ms < 3_600_000:
		s := int(d.Round(time.Second).Seconds())
		return fmt.Sprintf("%d min %d s", s/60, s%60)
	}
	m := int(d.Round(time.Minute).Minutes())
	return fmt.Sprintf("%d h %d min", m/60, m%60)
}

func parseTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// clock shows an event time in local time; with the date when it is not today.
func clock(s string, now time.Time) string {
	t, ok := parseTime(s)
	if !ok {
		return s
	}
	t = t.In(now.Location())
	if t.Format(time.DateOnly) == now.Format(time.DateOnly) {
		return t.Format("15:04:05")
	}
	return t.Format("2006-01-02 15:04:05")
}

// elapsed is a file's time from receipt to its final event, or to now while open.
func elapsed(f tracking.File, now time.Time) (time.Duration, bool) {
	from, ok := parseTime(f.ReceivedAt)
	if !ok {
		return 0, false
	}
	if f.Final {
		to, ok := parseTime(f.FinishedAt)
		return to.Sub(from), ok
	}
	return now.Sub(from), true
}

func durationCell(f tracking.File, now time.Time) string {
	d, ok := elapsed(f, now)
	switch {
	case !ok:
		return ""
	case f.Final:
		return human(d)
	}
	return "running " + human(d)
}

// statusLabel is a file's status as shown, with the stall mark.
func statusLabel(f tracking.File) string {
	s := f.Status
	if s == "" {
		s = "unknown"
	}
	if f.Stalled {
		s += " (stalled)"
	}
	return s
}

// outcome is one line on how a file ended (or where it is), for submit and watch.
func outcome(f tracking.File) string {
	switch f.Status {
	case tracking.Created:
		s := "File B " + f.FileB
		if f.NbOfTxs > 0 {
			s += fmt.Sprintf(" (%s, control sum %s)", plural(f.NbOfTxs, "payment"), f.ControlSum)
		}
		return s
	case tracking.Rejected:
		return reasons(f, 3)
	case tracking.Compensated:
		s := or(f.Failure, "failed for good; every step undid its work")
		if f.DeadLetterID != "" {
			s += "; dead letter " + f.DeadLetterID
		}
		return s + "; File A is in quarantine"
	case tracking.DeadLetter:
		return "a step failed for good; compensation follows"
	}
	if f.Stalled {
		return "stalled: past its deadline and not final"
	}
	return ""
}

// reasons summarises a rejection: the count and the first n codes with line and field.
func reasons(f tracking.File, n int) string {
	total := max(f.ViolationCnt, len(f.Violations))
	var codes []string
	for i, v := range f.Violations {
		if i == n {
			codes = append(codes, "…")
			break
		}
		codes = append(codes, violationShort(v))
	}
	if len(codes) == 0 {
		return plural(total, "violation")
	}
	return plural(total, "violation") + ": " + strings.Join(codes, "; ")
}

func violationShort(v events.Violation) string {
	s := v.Code
	if v.Line > 0 {
		s += fmt.Sprintf(" line %d", v.Line)
	}
	if v.Field != "" {
		s += " " + v.Field
	}
	return s
}

// violationLines lists up to n violations, one per line, indented, for submit's output.
func violationLines(f tracking.File, n int) []string {
	var out []string
	for i, v := range f.Violations {
		if i == n {
			break
		}
		line := "-"
		if v.Line > 0 {
			line = fmt.Sprint(v.Line)
		}
		out = append(out, fmt.Sprintf("line %-5s %-22s %-26s %s", line, or(v.Field, "-"), v.Code, oneLine(v.Message)))
	}
	total := max(f.ViolationCnt, len(f.Violations))
	if total > len(out) {
		out = append(out, fmt.Sprintf("… and %d more in the rejection report", total-len(out)))
	}
	return out
}

// oneLine keeps a text from a customer file on one line of the terminal.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// plural is "1 payment", "2 payments".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// writeList prints files as a table, newest first as the tracker sends them.
func writeList(w io.Writer, files []tracking.File, now time.Time) error {
	table(w, func(tw io.Writer) {
		fmt.Fprintln(tw, "RECEIVED\tSTATUS\tFILE\tSENDER\tREFERENCE\tPAYMENTS\tCONTROL SUM\tDURATION\tFILE ID")
		for _, f := range files {
			n := ""
			if f.NbOfTxs > 0 {
				n = fmt.Sprint(f.NbOfTxs)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", clock(f.ReceivedAt, now), statusLabel(f),
				oneLine(f.Blob), or(oneLine(f.SenderID), "-"), or(oneLine(f.FileReference), "-"), n, f.ControlSum,
				durationCell(f, now), f.FileID)
		}
	})
	_, err := fmt.Fprintln(w, countLine(files))
	return err
}

// countLine is "5 files: 3 created, 1 rejected, 1 received".
func countLine(files []tracking.File) string {
	order := []string{tracking.Created, tracking.Rejected, tracking.Compensated, tracking.DeadLetter,
		tracking.Adapted, tracking.Validated, tracking.Received}
	n := map[string]int{}
	stalled := 0
	for _, f := range files {
		n[f.Status]++
		if f.Stalled {
			stalled++
		}
	}
	var parts []string
	for _, s := range order {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], strings.ReplaceAll(s, "_", " ")))
		}
	}
	if stalled > 0 {
		parts = append(parts, fmt.Sprintf("%d stalled", stalled))
	}
	if len(parts) == 0 {
		return plural(len(files), "file")
	}
	return plural(len(files), "file") + ": " + strings.Join(parts, ", ")
}

// writeTimeline prints one file's journey: what is known of it, each step with the
// time since the previous one, the time each stage took, and why it was rejected or
// failed. outputs gives the URL of an output kind (fileb, report).
func writeTimeline(w io.Writer, t fileTimeline, outputs func(kind string) string, now time.Time) error {
	f := t.File
	fmt.Fprintf(w, "%s  %s\n", oneLine(f.Blob), statusLabel(f))
	table(w, func(tw io.Writer) {
		row := func(k, v string) {
			if v != "" {
				fmt.Fprintf(tw, "  %s\t%s\n", k, v)
			}
		}
		row("file id", f.FileID)
		row("sender", oneLine(f.SenderID))
		row("reference", oneLine(f.FileReference))
		if f.NbOfTxs > 0 {
			row("payments", fmt.Sprintf("%d, control sum %s", f.NbOfTxs, f.ControlSum))
		}
		row("received", clock(f.ReceivedAt, now))
		row("finished", clock(f.FinishedAt, now))
		if f.Final {
			row("took", durationCell(f, now))
		} else {
			row("open for", strings.TrimPrefix(durationCell(f, now), "running "))
		}
		if f.FileB != "" {
			row("File B", f.FileB+"  "+outputs("fileb"))
		}
		if f.Report != "" {
			row("report", f.Report+"  "+outputs("report"))
		}
		row("failure", oneLine(f.Failure))
		if f.DeadLetterID != "" {
			row("dead letter", f.DeadLetterID+"  (choreo deadletters show "+f.DeadLetterID+")")
		}
		row("trace id", f.TraceID)
	})

	fmt.Fprintln(w, "\ntimeline")
	table(w, func(tw io.Writer) {
		var prev time.Time
		for _, s := range f.Steps {
			at, ok := parseTime(s.At)
			when, delta := s.At, ""
			if ok {
				when = at.In(now.Location()).Format("15:04:05.000")
				if !prev.IsZero() {
					delta = "+" + human(at.Sub(prev))
				}
				prev = at
			}
			fmt.Fprintf(tw, "  %s\t%s\tby %s\t%s\t%s\n", when, s.Topic, or(s.Stage, "?"), delta, oneLine(s.Detail))
		}
	})

	if len(t.StageMS) > 0 {
		fmt.Fprintln(w, "\ntime per stage")
		table(w, func(tw io.Writer) {
			for _, stage := range []string{"validator", "adaptor", "creator"} {
				if ms, ok := t.StageMS[stage]; ok {
					fmt.Fprintf(tw, "  %s\t%s\n", stage, human(time.Duration(ms)*time.Millisecond))
				}
			}
		})
	}
	if len(f.Violations) > 0 {
		fmt.Fprintf(w, "\nrejection reasons (%d)\n", max(f.ViolationCnt, len(f.Violations)))
		for _, l := range violationLines(f, len(f.Violations)) {
			fmt.Fprintln(w, strings.TrimRight("  "+l, " "))
		}
	}
	return nil
}

// table aligns what fill writes in tab-separated columns, without trailing blanks.
func table(w io.Writer, fill func(tw io.Writer)) error {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fill(tw)
	tw.Flush()
	var err error
	for _, line := range strings.SplitAfter(b.String(), "\n") {
		if line != "" {
			_, err = io.WriteString(w, strings.TrimRight(line, " \n")+"\n")
		}
	}
	return err
}

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printRaw writes an API answer as indented JSON, as the API sent it.
func printRaw(w io.Writer, raw []byte) error {
	var v json.RawMessage = raw
	return printJSON(w, v)
}

func short(s string, n int) string {
	if len([]rune(s)) > n {
		return string([]rune(s)[:n-1]) + "…"
	}
	return s
}
