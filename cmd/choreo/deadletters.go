package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	dapr "github.com/dapr/go-sdk/client"

	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/step"
)

// deadletters lists, shows and redrives dead letters through intake's sidecar: the
// records live in the deadletters state store; a redrive is a call to intake, the keeper,
// which acts on it and writes the audit trail.
func deadletters(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("deadletters needs list, show ID or redrive ID")
	}
	fs := flag.NewFlagSet("deadletters "+args[0], flag.ContinueOnError)
	addr := fs.String("dapr-grpc", "127.0.0.1:50001", "gRPC address of intake's Dapr sidecar")
	asJSON := fs.Bool("json", false, "print JSON")
	by := fs.String("by", "", "who redrives (required for redrive; kept in the audit trail)")
	note := fs.String("note", "", "what was fixed (kept in the audit trail)")
	all := fs.Bool("all", false, "list also dead letters that are no longer open")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	c, err := connect(ctx, *addr)
	if err != nil {
		return err
	}
	defer c.Close()
	switch args[0] {
	case "list":
		return listDeadLetters(ctx, c, stdout, *asJSON, *all)
	case "show":
		if len(pos) != 1 {
			return errors.New("deadletters show takes one ID")
		}
		rec, err := getDeadLetter(ctx, c, pos[0])
		if err != nil {
			return err
		}
		return printJSON(stdout, rec)
	case "redrive":
		if len(pos) != 1 || *by == "" {
			return errors.New("deadletters redrive takes one ID and --by NAME")
		}
		return redrive(ctx, c, stdout, pos[0], *by, *note)
	}
	return fmt.Errorf("unknown deadletters command %q", args[0])
}

func connect(ctx context.Context, addr string) (dapr.Client, error) {
	dial, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	c, err := dapr.NewClientWithAddressContext(dial, addr)
	if err != nil {
		return nil, fmt.Errorf("connect to the Dapr sidecar at %s (is the pipeline running?): %w", addr, err)
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
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.ID, r.Kind, r.Status, r.Blob, r.Attempts, r.DeadAt, short(r.Reason, 80))
	}
	return w.Flush()
}

func redrive(ctx context.Context, c dapr.Client, stdout io.Writer, id, by, note string) error {
	body, _ := json.Marshal(map[string]string{"id": id, "by": by, "note": note})
	out, err := c.InvokeMethodWithContent(ctx, "intake", "redrive", "post",
		&dapr.DataContent{ContentType: "application/json", Data: body})
	if err != nil {
		return fmt.Errorf("redrive %s: %w", id, err)
	}
	var rec deadletter.Record
	if err := json.Unmarshal(out, &rec); err != nil {
		return fmt.Errorf("redrive %s: unexpected answer %s", id, out)
	}
	last := rec.Audit[len(rec.Audit)-1]
	fmt.Fprintf(stdout, "redriven %s by %s: %s\n", rec.ID, last.By, last.Note)
	return nil
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func short(s string, n int) string {
	if len(s) > n {
		return s[:n-1] + "…"
	}
	return s
}
