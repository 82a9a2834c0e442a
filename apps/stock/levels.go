package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/paychoreo/choreography/internal/step"
)

// level is one SKU: what is on hand and what each order holds of it. Reserve and release
// change this one key under its ETag, so they are atomic and keyed by order id: a
// redelivered reservation finds itself already there.
type level struct {
	SKU          string         `json:"sku"`
	OnHand       int            `json:"on_hand"`
	Reservations map[string]int `json:"reservations"` // order id -> quantity
}

func (l level) reserved() int {
	n := 0
	for _, q := range l.Reservations {
		n += q
	}
	return n
}

func (l level) available() int { return l.OnHand - l.reserved() }

func skuKey(sku string) string { return "sku|" + sku }

// seed creates the SKUs of the stock file that do not exist yet (first write wins), so a
// restart never resets what was reserved.
func (s *stock) seed(file string) error {
	raw, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("stock file: %w", err)
	}
	var f struct {
		SKUs []struct {
			SKU    string `json:"sku"`
			OnHand int    `json:"on_hand"`
		} `json:"skus"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return fmt.Errorf("stock file %s: %w", file, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, it := range f.SKUs {
		for {
			err := s.app.Sidecar.CreateState(ctx, step.AppState, skuKey(it.SKU), level{SKU: it.SKU, OnHand: it.OnHand, Reservations: map[string]int{}})
			if err == nil || errors.Is(err, step.ErrConflict) {
				break
			}
			if ctx.Err() != nil { // the sidecar's state store may still be loading
				return fmt.Errorf("seed stock %s: %w", it.SKU, err)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	s.app.Log.Info("stock seeded", "file", file, "skus", len(f.SKUs))
	return nil
}

// hold reserves qty of sku for an order if that much is available; ok is false (and
// available says how much there is) when it is not. An unknown SKU has nothing available.
// A reservation the order holds already counts as done: a redelivery.
func (s *stock) hold(ctx context.Context, sku, order string, qty int) (ok bool, available int, err error) {
	err = s.change(ctx, sku, func(l *level) bool {
		have := l.available() + l.Reservations[order]
		ok, available = have >= qty, have
		if !ok || l.Reservations[order] == qty {
			return false
		}
		l.Reservations[order] = qty
		return true
	})
	return ok, available, err
}

// unhold gives back whatever an order holds of sku; nothing held is fine.
func (s *stock) unhold(ctx context.Context, sku, order string) error {
	return s.change(ctx, sku, func(l *level) bool {
		if _, held := l.Reservations[order]; !held {
			return false
		}
		delete(l.Reservations, order)
		return true
	})
}

// change applies edit to a SKU's level under its ETag, again on conflict; edit says
// whether it changed anything. An unknown SKU is left alone (edit sees nothing on hand).
func (s *stock) change(ctx context.Context, sku string, edit func(*level) bool) error {
	_, err := step.Update(ctx, s.app.Sidecar, step.AppState, skuKey(sku), func(l *level, found bool) (step.Op, error) {
		if l.Reservations == nil {
			l.Reservations = map[string]int{}
		}
		if !edit(l) || !found {
			return step.Keep, nil
		}
		return step.Write, nil
	})
	return err
}

// level answers GET /stock/{sku} (through the sidecar, behind the token): on hand,
// reserved, available, and the orders holding it.
func (s *stock) level(w http.ResponseWriter, r *http.Request) {
	var l level
	_, found, err := s.app.Sidecar.GetState(r.Context(), step.AppState, skuKey(r.PathValue("sku")), &l)
	w.Header().Set("Content-Type", "application/json")
	switch {
	case err != nil:
		w.WriteHeader(http.StatusBadGateway)
		json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
	case !found:
		w.WriteHeader(http.StatusNotFound)
		json.NewEncoder(w).Encode(map[string]string{"error": "no such sku"})
	default:
		json.NewEncoder(w).Encode(map[string]any{"sku": l.SKU, "on_hand": l.OnHand, "reserved": l.reserved(),
			"available": l.available(), "reservations": l.Reservations})
	}
}
