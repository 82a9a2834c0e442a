package stock

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/paychoreo/choreography/internal/store"
)

// Level is one SKU (key sku|<sku>): what is on hand and what each order holds of it.
// Reserve and release change this one key through store.Update, so they are atomic and
// keyed by order id: a redelivered reservation finds itself already there.
type Level struct {
	SKU          string         `json:"sku"`
	OnHand       int            `json:"on_hand"`
	Reservations map[string]int `json:"reservations"` // order id -> quantity
}

// Reserved is what the orders hold.
func (l Level) Reserved() int {
	n := 0
	for _, q := range l.Reservations {
		n += q
	}
	return n
}

// Available is what is on hand and held by nobody.
func (l Level) Available() int { return l.OnHand - l.Reserved() }

// View is the level as GET /stock/{sku} answers it.
func (l Level) View() map[string]any {
	return map[string]any{"sku": l.SKU, "on_hand": l.OnHand, "reserved": l.Reserved(),
		"available": l.Available(), "reservations": l.Reservations}
}

func skuKey(sku string) string { return "sku|" + sku }

// ParseLevels reads a stock file: {"skus":[{"sku":..,"on_hand":..}]}.
func ParseLevels(raw []byte) ([]Level, error) {
	var f struct {
		SKUs []Level `json:"skus"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, err
	}
	for i := range f.SKUs {
		f.SKUs[i].Reservations = map[string]int{}
	}
	return f.SKUs, nil
}

// Seed creates a SKU that does not exist yet (first write wins), so a restart never
// resets what was reserved.
func (s *Stock) Seed(ctx context.Context, l Level) error {
	err := s.State.Create(ctx, skuKey(l.SKU), Level{SKU: l.SKU, OnHand: l.OnHand, Reservations: map[string]int{}}, 0)
	if err != nil && !errors.Is(err, store.ErrConflict) {
		return fmt.Errorf("seed stock %s: %w", l.SKU, err)
	}
	return nil
}

// Level reads one SKU's level.
func (s *Stock) Level(ctx context.Context, sku string) (Level, bool, error) {
	var l Level
	found, err := s.State.Get(ctx, skuKey(sku), &l)
	return l, found, err
}

// hold reserves qty of sku for an order if that much is available; ok is false (and
// available says how much there is) when it is not. An unknown SKU has nothing available.
// A reservation the order holds already counts as done: a redelivery.
func (s *Stock) hold(ctx context.Context, sku, order string, qty int) (ok bool, available int, err error) {
	err = s.change(ctx, sku, func(l *Level) bool {
		have := l.Available() + l.Reservations[order]
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
func (s *Stock) unhold(ctx context.Context, sku, order string) error {
	return s.change(ctx, sku, func(l *Level) bool {
		if _, held := l.Reservations[order]; !held {
			return false
		}
		delete(l.Reservations, order)
		return true
	})
}

// change applies edit to a SKU's level; edit says whether it changed anything. An
// unknown SKU is left alone (edit sees nothing on hand).
func (s *Stock) change(ctx context.Context, sku string, edit func(*Level) bool) error {
	return store.Update(ctx, s.State, skuKey(sku), func(l *Level, found bool) (store.Op, error) {
		if l.Reservations == nil {
			l.Reservations = map[string]int{}
		}
		if !edit(l) || !found {
			return store.Keep, nil
		}
		return store.Write, nil
	})
}
