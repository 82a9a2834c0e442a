package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	dapr "github.com/dapr/go-sdk/client"

	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/step"
)

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
	dial, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	c, err := dapr.NewClientWithAddressContext(dial, addr)
	if err != nil {
		return 0, fmt.Errorf("connect to the Dapr sidecar at %s (is the pipeline running?): %w", addr, err)
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
