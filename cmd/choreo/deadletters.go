package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	dapr "github.com/dapr/go-sdk/client"
	"github.com/spf13/pflag"
	"google.golang.org/grpc"

	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/step"
)

// deadletters lists, shows and redrives dead letters through intake's sidecar: the
// records live in the deadletters state store; a redrive is a call to intake, the keeper,
// which acts on it and writes the audit trail.

const deadlettersIntro = `Dead letters are what a person can act on: where a file failed for good (stage), why
(reason, first and last error), how often (attempts), its trace id and the original
event. A step's dead letter has already been compensated (File A is in quarantine).
They are read through intake's Dapr sidecar (--dapr-grpc).`

const deadlettersListHelp = `List the dead letters that are open (need a person); --all lists also those resolved
or redriven.

` + deadlettersIntro + `

Output: a table (ID, KIND, STATUS, FILE, ATTEMPTS, DEAD AT, REASON); with --json, the
records as a JSON array.

Example:
  choreo deadletters list
  choreo deadletters list --all --json | jq -r '.[].id'`

const deadlettersShowHelp = `Show one dead letter, with its audit trail and the original event, as JSON (the
same with or without --json). ID is the first column of "choreo deadletters list"
(<stage>:<event id>, e.g. creator:f-3f9c2a7d41b0e8c6a5d21f07/file.adapted).

` + deadlettersIntro

const deadlettersRedriveHelp = `Redrive a dead letter after the cause was fixed: intake (the keeper) brings File A
back from quarantine as a new submission and records who did it (--by) and why
(--note) in the record's audit trail. The new submission gets a new file id; follow it
with "choreo watch" or "choreo status".

` + deadlettersIntro + `

Example:
  choreo deadletters redrive creator:f-3f9c2a7d41b0e8c6a5d21f07/file.adapted --by alice --note "outbox disk replaced"`

func deadlettersListCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	addr := grpcFlag(fs, "intake")
	asJSON := fs.Bool("json", false, "print the records as a JSON array")
	all := fs.Bool("all", false, "list also dead letters that are no longer open")
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) != 0 {
			return errors.New("deadletters list takes no arguments")
		}
		c, err := connect(ctx, *addr)
		if err != nil {
			return err
		}
		defer c.Close()
		return listDeadLetters(ctx, c, e.stdout, *asJSON, *all)
	}
}

func deadlettersShowCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	addr := grpcFlag(fs, "intake")
	fs.Bool("json", false, "print JSON (the record is always shown as JSON)")
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) != 1 {
			return errors.New("deadletters show takes one ID")
		}
		c, err := connect(ctx, *addr)
		if err != nil {
			return err
		}
		defer c.Close()
		rec, err := getDeadLetter(ctx, c, pos[0])
		if err != nil {
			return err
		}
		return printJSON(e.stdout, rec)
	}
}

func deadlettersRedriveCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	addr := grpcFlag(fs, "intake")
	asJSON := fs.Bool("json", false, "print the updated record as JSON")
	by := fs.String("by", "", "who redrives: a person's `NAME` (required; kept in the audit trail)")
	note := fs.String("note", "", "`TEXT` saying what was fixed (kept in the audit trail)")
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) != 1 || *by == "" {
			return errors.New("deadletters redrive takes one ID and --by NAME")
		}
		c, err := connect(ctx, *addr)
		if err != nil {
			return err
		}
		defer c.Close()
		rec, err := redrive(ctx, c, pos[0], *by, *note)
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(e.stdout, rec)
		}
		last := rec.Audit[len(rec.Audit)-1]
		_, err = fmt.Fprintf(e.stdout, "redriven %s by %s: %s\n", rec.ID, last.By, last.Note)
		return err
	}
}

// connect dials a Dapr sidecar; the SDK presents DAPR_API_TOKEN when it is set. The
// SDK's own log line would land on stdout, in the way of --json: it is silenced.
func connect(ctx context.Context, addr string) (dapr.Client, error) {
	dapr.SetLogger(nil)
	dial, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	c, err := dapr.NewClientWithAddressContext(dial, addr, grpc.WithDefaultCallOptions(
		grpc.MaxCallRecvMsgSize(step.MaxMessageBytes), grpc.MaxCallSendMsgSize(step.MaxMessageBytes)))
	if err != nil {
		return nil, fmt.Errorf("connect to the Dapr sidecar at %s (is the pipeline running? --dapr-grpc): %w", addr, err)
	}
	return c, nil
}

func getDeadLetter(ctx context.Context, c dapr.Client, id string) (*deadletter.Record, error) {
	item, err := c.GetState(ctx, step.DeadLetters, deadletter.Key(id), nil)
	if err != nil {
		return nil, err
	}
	if item == nil || len(item.Value) == 0 {
		return nil, fmt.Errorf("no dead letter %q (choreo deadletters list --all)", id)
	}
	var rec deadletter.Record
	return &rec, json.Unmarshal(item.Value, &rec)
}

func listDeadLetters(ctx context.Context, c dapr.Client, stdout io.Writer, asJSON, all bool) error {
	item, err := c.GetState(ctx, step.DeadLetters, deadletter.IndexKey, nil)
	if err != nil {
		return err
	}
	var ids []string
	if item != nil && len(item.Value) > 0 {
		if err := json.Unmarshal(item.Value, &ids); err != nil {
			return err
		}
	}
	recs := []*deadletter.Record{}
	for _, id := range ids {
		rec, err := getDeadLetter(ctx, c, id)
		if err != nil {
			return err
		}
		if all || rec.Status == deadletter.StatusOpen {
			recs = append(recs, rec)
		}
	}
	if asJSON {
		return printJSON(stdout, recs)
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tKIND\tSTATUS\tFILE\tATTEMPTS\tDEAD AT\tREASON")
	for _, r := range recs {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.ID, r.Kind, r.Status, r.Blob, r.Attempts, r.DeadAt, short(oneLine(r.Reason), 80))
	}
	return w.Flush()
}

func redrive(ctx context.Context, c dapr.Client, id, by, note string) (*deadletter.Record, error) {
	body, _ := json.Marshal(map[string]string{"id": id, "by": by, "note": note})
	out, err := c.InvokeMethodWithContent(ctx, "intake", "redrive", "post",
		&dapr.DataContent{ContentType: "application/json", Data: body})
	if err != nil {
		return nil, fmt.Errorf("redrive %s: %w", id, err)
	}
	var rec deadletter.Record
	if err := json.Unmarshal(out, &rec); err != nil || len(rec.Audit) == 0 {
		return nil, fmt.Errorf("redrive %s: unexpected answer %s", id, out)
	}
	return &rec, nil
}
