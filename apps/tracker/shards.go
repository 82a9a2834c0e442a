package main

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"

	"github.com/paychoreo/choreography/internal/step"
)

// The tracker's two file lists (each day's files, the files not final yet) are each kept
// in shards keys, a file in the shard a hash of its id picks: day|2026-12-04|07, open|07.
// Every file's first event adds it to both lists under the list's ETag; with one key per
// list, every new file on every replica rewrote the same two keys, as long as the day's
// files, and the replicas' writes conflicted on them. A file's writes touch its shard
// only: a shard is a 32nd of the list and meets a 32nd of the conflicts. Readers read
// every shard in one bulk call and merge.
const shards = 32

func shardOf(id string) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % shards)
}

func shardKey(list string, n int) string { return fmt.Sprintf("%s|%02d", list, n) }

// shardFor is the key of the shard of list that holds id.
func shardFor(list, id string) string { return shardKey(list, shardOf(id)) }

// listKeys are the keys a reader of list reads: its shards and the list's unsharded key,
// which trackers wrote before the lists were sharded. That key is only read (and the
// watchdog takes final files out of it): a tracker upgraded over existing data still
// lists the earlier files and watches the ones still open.
func listKeys(list string) []string {
	keys := []string{list}
	for n := range shards {
		keys = append(keys, shardKey(list, n))
	}
	return keys
}

// readLists returns the ids in a list, every shard of it and its unsharded key, each id
// once, read in one call to the sidecar.
func (t *tracker) readLists(ctx context.Context, list string) ([]string, error) {
	parts, err := t.readShards(ctx, list)
	return slices.Concat(parts...), err
}

// readShards returns a list's shards (and its unsharded key) as read, in one call to
// the sidecar, an id that stands in two of them kept in the first only.
func (t *tracker) readShards(ctx context.Context, list string) ([][]string, error) {
	keys := listKeys(list)
	values, err := t.app.Sidecar.GetBulkState(ctx, step.AppState, keys)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	parts := make([][]string, 0, len(keys))
	for _, k := range keys {
		one, err := mergeLists([]string{k}, values)
		if err != nil {
			return nil, err
		}
		part := one[:0]
		for _, id := range one {
			if !seen[id] {
				seen[id] = true
				part = append(part, id)
			}
		}
		parts = append(parts, part)
	}
	return parts, nil
}

// mergeLists joins the lists stored under keys, in key order, each id once: a file indexed
// by a tracker before the upgrade and again after is in the unsharded key and a shard.
func mergeLists(keys []string, values map[string][]byte) ([]string, error) {
	var ids []string
	seen := map[string]bool{}
	for _, k := range keys {
		var part []string
		if raw, ok := values[k]; ok {
			if err := json.Unmarshal(raw, &part); err != nil {
				return nil, fmt.Errorf("decode state %s/%s: %w", step.AppState, k, err)
			}
		}
		for _, id := range part {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return ids, nil
}

// closeUnsharded takes final files out of the unsharded open list, which no event
// writes any more: the watchdog empties it as the files it held finish. One read per
// watchdog run, none of it on a file's path.
func (t *tracker) closeUnsharded(ctx context.Context, final []string) error {
	if len(final) == 0 {
		return nil
	}
	done := map[string]bool{}
	for _, id := range final {
		done[id] = true
	}
	return t.changeList(ctx, openKey, func(ids []string) ([]string, bool) {
		kept := slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return done[id] })
		return kept, len(kept) < len(ids)
	})
}
