package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/paychoreo/choreography/internal/orders/stock"
	"github.com/paychoreo/choreography/internal/step"
)

// seed creates the SKUs of the stock file that do not exist yet (stock.Stock.Seed), so
// a restart never resets what was reserved; it waits for the sidecar's state store,
// which may still be loading.
func seed(app *step.App, rules *stock.Stock, file string) error {
	raw, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("stock file: %w", err)
	}
	levels, err := stock.ParseLevels(raw)
	if err != nil {
		return fmt.Errorf("stock file %s: %w", file, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, l := range levels {
		for {
			err := rules.Seed(ctx, l)
			if err == nil {
				break
			}
			if ctx.Err() != nil {
				return err
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	app.Log.Info("stock seeded", "file", file, "skus", len(levels))
	return nil
}

// level answers GET /stock/{sku} (through the sidecar, behind the token): on hand,
// reserved, available, and the orders holding it.
func level(rules *stock.Stock) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		l, found, err := rules.Level(r.Context(), r.PathValue("sku"))
		w.Header().Set("Content-Type", "application/json")
		switch {
		case err != nil:
			w.WriteHeader(http.StatusBadGateway)
			json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
		case !found:
			w.WriteHeader(http.StatusNotFound)
			json.NewEncoder(w).Encode(map[string]string{"error": "no such sku"})
		default:
			json.NewEncoder(w).Encode(l.View())
		}
	}
}
