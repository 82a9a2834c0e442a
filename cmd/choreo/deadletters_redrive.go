package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	dapr "github.com/dapr/go-sdk/client"
	"github.com/spf13/pflag"

	"github.com/paychoreo/choreography/internal/deadletter"
)

const deadlettersRedriveHelp = `Redrive a dead letter after the cause was fixed: intake (the keeper) brings File A
back from quarantine as a new submission and records who did it (--by) and why
(--note) in the record's audit trail. The new submission gets a new file id; follow it
with "choreo watch" or "choreo status".

` + deadlettersIntro + `

Example:
  choreo deadletters redrive creator:f-3f9c2a7d41b0e8c6a5d21f07/file.adapted --by alice --note "outbox disk replaced"`

func deadlettersRedriveCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	addr := grpcFlag(fs, "intake")
	asJSON := fs.Bool("json", false, "print the updated record as JSON")
	by := fs.String("by", "", "who redrives: a person's `NAME` (required; kept in the audit trail)")
	note := fs.String("note", "", "`TEXT` saying what was fixed (kept in the audit trail)")
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) != 1 || *by == "" {
			return errors.New("deadletters redrive takes one ID and --by NAME")
		}
		return withSidecar(ctx, *addr, func(c dapr.Client) error {
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
		})
	}
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
