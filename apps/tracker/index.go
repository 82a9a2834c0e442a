package main

import (
	"context"
	"slices"
	"time"

	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/tracking"
)

// Two lists make the timelines findable without a query-capable store: the files of each
// day (by day of receipt) and the files not final yet, which the watchdog reads. Each is
// split into shards (shards.go): these are the lists' names, a file's key is shardFor's.
func dayKey(day string) string { return "day|" + day }

const openKey = "open"

func (t *tracker) index(ctx context.Context, f tracking.File) error {
	day := time.Now().UTC().Format(time.DateOnly)
	if ts, err := time.Parse(time.RFC3339Nano, f.ReceivedAt); err == nil {
		day = ts.UTC().Format(time.DateOnly)
	}
	return t.addTo(ctx, shardFor(dayKey(day), f.FileID), f.FileID)
}

func (t *tracker) addOpen(ctx context.Context, id string) error {
	return t.addTo(ctx, shardFor(openKey, id), id)
}

// addTo adds id to a list unless this process already did (members).
func (t *tracker) addTo(ctx context.Context, key, id string) error {
	if members.has(key, id) {
		return nil
	}
	err := t.changeList(ctx, key, func(ids []string) ([]string, bool) {
		if slices.Contains(ids, id) {
			return ids, false
		}
		return append(ids, id), true
	})
	if err == nil {
		members.add(key, id)
	}
	return err
}

func (t *tracker) closeOpen(ctx context.Context, id string) error {
	key := shardFor(openKey, id)
	members.remove(key, id)
	return t.changeList(ctx, key, func(ids []string) ([]string, bool) {
		i := slices.Index(ids, id)
		if i < 0 {
			return ids, false
		}
		return slices.Delete(ids, i, i+1), true
	})
}

// readList returns one key's list, empty when absent (the order lists; the file lists
// are read with readLists).
func (t *tracker) readList(ctx context.Context, key string) ([]string, error) {
	var ids []string
	_, _, err := t.app.Sidecar.GetState(ctx, step.AppState, key, &ids)
	return ids, err
}

// listLocks keeps this process's deliveries from racing each other on one list (every
// event of a burst changes the open list); the ETag still settles races between replicas.
var listLocks step.KeyLocks

// changeList changes a list under its ETag. A list is kept step.KeepFor after its last
// write, like the timelines it names: one untouched that long names only files and
// orders the store has forgotten (without a TTL, a day's 32 shards stayed for ever).
func (t *tracker) changeList(ctx context.Context, key string, change func([]string) ([]string, bool)) error {
	defer listLocks.Lock(key)()
	_, err := step.Update(ctx, t.app.Sidecar, step.AppState, key, func(ids *[]string, _ bool) (step.Op, error) {
		next, ok := change(*ids)
		if !ok {
			return step.Keep, nil
		}
		*ids = next
		return step.Write, nil
	}, step.WithTTL(step.KeepFor))
	return err
}
