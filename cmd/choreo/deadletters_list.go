package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	dapr "github.com/dapr/go-sdk/client"
	"github.com/spf13/pflag"

	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/step"
)

const deadlettersListHelp = `List the dead letters that are open (need a person); --all lists also those resolved
or redriven.

` + deadlettersIntro + `

Output: a table (ID, KIND, STATUS, FILE, ATTEMPTS, DEAD AT, REASON); with --json, the
records as a JSON array.

Example:
  choreo deadletters list
  choreo deadletters list --all --json | jq -r '.[].id'`

func deadlettersListCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	addr := grpcFlag(fs, "intake")
	asJSON := fs.Bool("json", false, "print the records as a JSON array")
	all := fs.Bool("all", false, "list also dead letters that are no longer open")
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) != 0 {
			return errors.New("deadletters list takes no arguments")
		}
		return withSidecar(ctx, *addr, func(c dapr.Client) error {
			return listDeadLetters(ctx, c, e.stdout, *asJSON, *all)
		})
	}
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
