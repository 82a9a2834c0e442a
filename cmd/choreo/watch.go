package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/paychoreo/choreography/internal/pain001"
)

// watch prints each file's outcome as intake files it away: File A moves to
// archive/<file id>/ when its File B exists, to rejected/<file id>/ beside its report
// when it was rejected, and to quarantine/<file id>/ when it failed and was compensated. It reads only the local data folders (local profile).
func watch(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	data := fs.String("data", "data", "the local data folder (inbox, outbox, rejected, archive)")
	sinceStart := fs.Bool("since-start", false, "report only files that finish after the watch starts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	seen := map[string]bool{}
	if *sinceStart {
		for _, f := range finished(*data) {
			seen[f] = true
		}
	}
	tick := time.NewTicker(300 * time.Millisecond)
	defer tick.Stop()
	for {
		for _, f := range finished(*data) {
			if !seen[f] {
				seen[f] = true
				fmt.Fprintln(stdout, describe(*data, f))
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// finished lists File A copies in archive/*/ and rejected/*/, relative to data.
func finished(data string) []string {
	var out []string
	for _, area := range []string{"archive", "rejected", "quarantine"} {
		m, _ := filepath.Glob(filepath.Join(data, area, "*", "*"))
		for _, p := range m {
			if b := filepath.Base(p); b != "report.csv" && b != "reason.json" {
				rel, _ := filepath.Rel(data, p)
				out = append(out, rel)
			}
		}
	}
	sort.Strings(out)
	return out
}

func describe(data, rel string) string {
	name := filepath.Base(rel)
	dir := filepath.Join(data, filepath.Dir(rel))
	if strings.HasPrefix(rel, "archive") {
		sender, ref := header(filepath.Join(data, rel))
		return fmt.Sprintf("created   %-32s File B: %s", name, filepath.Join(data, "outbox", pain001.FileName(sender, ref)))
	}
	if strings.HasPrefix(rel, "quarantine") {
		return fmt.Sprintf("failed    %-32s compensated; File A and reason.json in %s (choreo deadletters list)", name, dir)
	}
	report := filepath.Join(dir, "report.csv")
	return fmt.Sprintf("rejected  %-32s report: %s (%s)", name, report, summary(report))
}

// header reads sender_id and file_reference from File A's first line.
func header(path string) (sender, ref string) {
	f, err := os.Open(path)
	if err != nil {
		return "", ""
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	fields := strings.Split(strings.TrimSpace(strings.TrimPrefix(line, "\ufeff")), ",")
	if len(fields) >= 3 {
		return fields[1], fields[2]
	}
	return "", ""
}

// summary lists the first reason codes of a rejection report.
func summary(report string) string {
	f, err := os.Open(report)
	if err != nil {
		return "report not readable: " + err.Error()
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) < 2 {
		return "empty report"
	}
	var codes []string
	for _, r := range rows[1:] {
		if len(codes) == 3 {
			codes = append(codes, "...")
			break
		}
		codes = append(codes, fmt.Sprintf("%s line %s %s", r[4], r[2], r[3]))
	}
	return fmt.Sprintf("%d violations: %s", len(rows)-1, strings.Join(codes, "; "))
}
