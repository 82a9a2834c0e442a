package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"

	dapr "github.com/dapr/go-sdk/client"

	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/step"
)

const refdataHelp = `Load the reference table (senders, their debtor accounts and daily limits) from FILE,
a JSON file like refdata/sample.json, into the refdata state store, through a Dapr
sidecar whose app may use that store (the validator's, --dapr-grpc). Rows of the same
senders are replaced; other senders are left as they are.

Example:
  choreo refdata load refdata/sample.json`

func refdataCmd(fs *flag.FlagSet) func(context.Context, []string, env) error {
	addr := grpcFlag(fs, "127.0.0.1:50002", "the validator's")
	asJSON := fs.Bool("json", false, `print {"loaded": N, "file": FILE, "store": "refdata"}`)
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) != 1 {
			return errors.New("refdata load takes one FILE")
		}
		n, err := loadRefdata(ctx, *addr, pos[0])
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(e.stdout, map[string]any{"loaded": n, "file": pos[0], "store": step.RefData})
		}
		_, err = fmt.Fprintf(e.stdout, "loaded %d senders from %s into state store %q\n", n, pos[0], step.RefData)
		return err
	}
}

// loadRefdata writes every sender of the file in one bulk save through the sidecar.
func loadRefdata(ctx context.Context, addr, path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	table, err := refdata.ReadTable(f)
	if err != nil {
		return 0, err
	}
	c, err := connect(ctx, addr)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	items := make([]*dapr.SetStateItem, 0, len(table.Senders))
	for _, s := range table.Senders {
		b, _ := json.Marshal(s)
		items = append(items, &dapr.SetStateItem{Key: refdata.Key(s.ID), Value: b})
	}
	if err := c.SaveBulkState(ctx, step.RefData, items...); err != nil {
		return 0, fmt.Errorf("save reference table: %w", err)
	}
	return len(items), nil
}
