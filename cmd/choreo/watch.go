package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/spf13/pflag"

	"github.com/paychoreo/choreography/internal/tracking"
)

const watchHelp = `Follow every file live, from the tracker: print each event of each file as it
happens (received, validated, adapted, created, rejected, dead letter, compensated)
and when a file stalls, until Ctrl-C. A final event says how the file ended: its File B,
its rejection reasons, or why it failed.

Files received before the watch started are shown only when they change; --all first
prints the current status of every file of the last two days. --final prints only how
files end (and stalls), one line per file.

With --json, one JSON object per line (for scripts): {"at", "file_id", "blob", "status",
"topic", "stage", "detail", "file": <the tracker's record>}.

If the tracker stops answering, watch says so on stderr and keeps trying.

Examples:
  choreo watch
  choreo watch --final
  choreo watch --json | jq -c 'select(.status == "rejected")'`

func watchCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	tracker := trackerFlag(fs)
	asJSON := fs.Bool("json", false, "print one JSON object per line")
	all := fs.Bool("all", false, "first print the current status of every file already known")
	final := fs.Bool("final", false, "print only final outcomes and stalls")
	interval := fs.Duration("interval", time.Second, "how often to ask the tracker")
	sender := fs.String("sender", "", "only files of this sender `ID`")
	traceURL := fs.String("trace-url", "", "`URL` of a trace with {trace_id} in it, linked on final lines")
	envDefault(fs, "trace-url", "CHOREO_TRACE_URL")
	return func(ctx context.Context, pos []string, e env) error {
		tmpl := *traceURL
		if len(pos) != 0 {
			return fmt.Errorf("watch takes no arguments")
		}
		api := newTrackerAPI(*tracker)
		w := newWatcher(time.Now(), *all, *final)
		q := url.Values{"days": {"2"}, "limit": {strconv.Itoa(5000)}}
		if *sender != "" {
			q.Set("sender", *sender)
		}
		down := ""
		for {
			list, _, err := api.list(ctx, q)
			switch {
			case ctx.Err() != nil:
				return nil
			case err != nil && err.Error() != down:
				fmt.Fprintf(e.stderr, "choreo watch: %v; trying again every %s\n", err, *interval)
				down = err.Error()
			case err == nil && down != "":
				fmt.Fprintln(e.stderr, "choreo watch: the tracker answers again")
				down = ""
			}
			if err == nil {
				for _, c := range w.changes(list.Files) {
					if !*asJSON {
						c = withTraceLink(c, tmpl)
					}
					if err := printChange(e.stdout, c, *asJSON, time.Now()); err != nil {
						return err
					}
				}
			}
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(*interval):
			}
		}
	}
}

// watcher remembers what it has shown of each file, to show only what is new.
type watcher struct {
	start      time.Time
	all, final bool
	primed     bool
	seen       map[string]*shown
}

type shown struct {
	steps   map[string]bool // topic + event id
	stalled bool
	final   bool
}

func newWatcher(start time.Time, all, final bool) *watcher {
	return &watcher{start: start, all: all, final: final, seen: map[string]*shown{}}
}

// change is one thing to print: a new event of a file, a stall, or (--all, at start)
// a file's current status.
type change struct {
	At     string         `json:"at"`
	FileID string         `json:"file_id"`
	Blob   string         `json:"blob"`
	Status string         `json:"status"`
	Topic  string         `json:"topic,omitempty"`
	Stage  string         `json:"stage,omitempty"`
	Detail string         `json:"detail,omitempty"`
	File   *tracking.File `json:"file"`
}

// changes compares a fresh list with what was shown and returns what is new, oldest
// first. On the first call, files received before the watch started are only
// remembered (or, with all, shown once with their current status).
func (w *watcher) changes(files []tracking.File) []change {
	var out []change
	first := !w.primed
	w.primed = true
	for i := range files {
		f := &files[i]
		s := w.seen[f.FileID]
		if s == nil {
			s = &shown{steps: map[string]bool{}}
			w.seen[f.FileID] = s
			if first && before(f.ReceivedAt, w.start) {
				for _, st := range f.Steps {
					s.steps[st.Topic+" "+st.EventID] = true
				}
				s.stalled, s.final = f.Stalled, f.Final
				if w.all && (!w.final || f.Final) {
					out = append(out, change{At: f.UpdatedAt, FileID: f.FileID, Blob: f.Blob, Status: f.Status,
						Detail: or(outcome(*f), "now "+f.Status), File: f})
				}
				continue
			}
		}
		for _, st := range f.Steps {
			key := st.Topic + " " + st.EventID
			if s.steps[key] {
				continue
			}
			s.steps[key] = true
			if w.final && !tracking.Final(st.Status) {
				continue
			}
			if w.final && s.final {
				continue // a late event of a file already shown as final
			}
			out = append(out, stepChange(*f, st))
		}
		s.final = s.final || f.Final
		if f.Stalled && !s.stalled {
			out = append(out, change{At: or(f.UpdatedAt, time.Now().UTC().Format(time.RFC3339Nano)), FileID: f.FileID, Blob: f.Blob, Status: "stalled",
				Detail: "past its deadline and still " + f.Status, File: f})
		}
		s.stalled = f.Stalled
	}
	// Event times may tie (Dapr's CloudEvent time has whole seconds): then the steps
	// keep the order of a journey.
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].At != out[j].At {
			return out[i].At < out[j].At
		}
		return order[out[i].Status] < order[out[j].Status]
	})
	return out
}

// order is the order of a journey's statuses.
var order = map[string]int{tracking.Received: 1, tracking.Validated: 2, tracking.Adapted: 3, tracking.DeadLetter: 4,
	tracking.Created: 5, tracking.Rejected: 5, tracking.Compensated: 5, "stalled": 6}

func before(at string, t time.Time) bool {
	x, ok := parseTime(at)
	return ok && x.Before(t)
}

// stepChange describes one event of a file; a final one says how the file ended.
func stepChange(f tracking.File, st tracking.Step) change {
	c := change{At: st.At, FileID: f.FileID, Blob: f.Blob, Status: st.Status, Topic: st.Topic, Stage: st.Stage, File: &f}
	took := ""
	if d, ok := f.Durations()[st.Stage]; ok {
		took = fmt.Sprintf(" (%s %s)", st.Stage, human(d))
	}
	switch st.Status {
	case tracking.Received:
		c.Detail = f.FileID
	case tracking.Validated:
		c.Detail = fmt.Sprintf("%s %s, %s, control sum %s%s", or(f.SenderID, "?"), or(f.FileReference, "?"), plural(f.NbOfTxs, "payment"), f.ControlSum, took)
	case tracking.Adapted:
		c.Detail = "batches staged" + took
	case tracking.Created, tracking.Rejected, tracking.Compensated:
		c.Detail = outcome(f) + took
		if d, ok := elapsed(f, time.Now()); ok && f.Final {
			c.Detail += ", " + human(d) + " in all"
		}
	default:
		c.Detail = or(st.Detail, "by "+st.Stage)
	}
	return c
}

func printChange(w io.Writer, c change, asJSON bool, now time.Time) error {
	if asJSON {
		b, err := json.Marshal(c)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	_, err := fmt.Fprintln(w, changeLine(c, now))
	return err
}

// changeLine is "10:42:03  created      acme-example.csv  File B ...".
func changeLine(c change, now time.Time) string {
	return fmt.Sprintf("%s  %-11s  %-28s  %s", clock(c.At, now), c.Status, oneLine(c.Blob), oneLine(c.Detail))
}
