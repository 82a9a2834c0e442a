package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/spf13/pflag"
)

const statusHelp = `Without FILE_ID: list the files the tracker has seen, newest first, with their
status, sender, file reference, number of payments, control sum and how long they took
(or have been running), then a count per status. --status, --sender and --stalled
filter; --days and --limit bound the list.

With FILE_ID (the last column of the list, or what submit printed): that file's whole
journey: every event with its time and the time since the previous one, how long each
stage took, its File B or rejection report (and the tracker URL that serves it), every
rejection reason, and why it failed if it was compensated.

Statuses: received, validated, adapted (on the way), dead_letter (a step failed for
good; compensation follows), and the final ones: created, rejected, compensated.
"stalled" marks an open file past its deadline (tracker CHOREO_STALL_AFTER).

With --json, the tracker's answer as it sent it: {"files": [...], "count": N}, or
{"file": {...}, "stage_ms": {"validator": ms, ...}}.

Exit code: 0, whatever the files' statuses; 2 when the tracker cannot be asked or has
no such file.

Examples:
  choreo status
  choreo status --status rejected --sender ACME-CORP
  choreo status --stalled
  choreo status f-3f9c2a7d41b0e8c6a5d21f07`

func statusCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	tracker := trackerFlag(fs)
	asJSON := fs.Bool("json", false, "print the tracker's JSON answer")
	st := fs.String("status", "", "only files with this `STATUS` (or \"open\": not final yet)")
	sender := fs.String("sender", "", "only files of this sender `ID`")
	stalled := fs.Bool("stalled", false, "only files past their deadline and not final")
	days := fs.Int("days", 2, "files received in the last `N` days (1 to 31)")
	limit := fs.Int("limit", 200, "at most `N` files, the newest")
	return func(ctx context.Context, pos []string, e env) error {
		api := newTrackerAPI(*tracker)
		switch len(pos) {
		case 0:
			q := url.Values{"days": {strconv.Itoa(*days)}, "limit": {strconv.Itoa(*limit)}}
			if *st != "" {
				q.Set("status", *st)
			}
			if *sender != "" {
				q.Set("sender", *sender)
			}
			if *stalled {
				q.Set("stalled", "true")
			}
			list, raw, err := api.list(ctx, q)
			if err != nil {
				return err
			}
			if *asJSON {
				return printRaw(e.stdout, raw)
			}
			return writeList(e.stdout, list.Files, time.Now())
		case 1:
			t, raw, err := api.file(ctx, pos[0])
			if errors.Is(err, errNoSuchFile) {
				return fmt.Errorf("the tracker has no file %q (choreo status lists them)", pos[0])
			}
			if err != nil {
				return err
			}
			if *asJSON {
				return printRaw(e.stdout, raw)
			}
			return writeTimeline(e.stdout, t, func(kind string) string { return api.outputURL(t.File.FileID, kind) }, time.Now())
		}
		return errors.New("status takes at most one FILE_ID")
	}
}
