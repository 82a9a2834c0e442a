package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/tracking"
)

// bulkChunk bounds the keys of one bulk read: one call per chunk, never one per file.
const bulkChunk = 500

// getFiles reads the timelines of ids in bulk calls; a file not found is not in the map.
// The list and the watchdog read thousands of files in a burst: one call each took
// seconds and the page timed out.
func (t *tracker) getFiles(ctx context.Context, ids []string) (map[string]*tracking.File, error) {
	out := make(map[string]*tracking.File, len(ids))
	for chunk := range slices.Chunk(ids, bulkChunk) {
		keys := make([]string, len(chunk))
		for i, id := range chunk {
			keys[i] = fileKey(id)
		}
		values, err := t.app.Sidecar.GetBulkState(ctx, step.AppState, keys)
		if err != nil {
			return nil, err
		}
		for i, id := range chunk {
			if raw, ok := values[keys[i]]; ok {
				var f tracking.File
				if err := json.Unmarshal(raw, &f); err != nil {
					return nil, fmt.Errorf("decode state %s/%s: %w", step.AppState, keys[i], err)
				}
				out[id] = &f
			}
		}
	}
	return out, nil
}

// newest returns up to limit files that keep accepts, newest received first, reading
// only as much of the lists as that takes. days holds each day's shards (ids in the
// order the tracker first saw them), newest day first. Each round reads the next page
// from the end of every shard still in play; once limit files are found, a shard whose
// oldest file read is older than the limit-th is done (what it holds further back is
// older still). A later day is read only when the newer days hold fewer than limit.
func newest(days [][][]string, limit int, fetch func([]string) (map[string]*tracking.File, error),
	keep func(*tracking.File) bool) ([]*tracking.File, error) {
	var out []*tracking.File
	for _, parts := range days {
		ends := make([]int, len(parts))
		for i, p := range parts {
			ends[i] = len(p)
		}
		page := max(8, 2*limit/max(1, len(parts)))
		for {
			var ids []string
			owner := map[string]int{}
			for i, p := range parts {
				from := max(0, ends[i]-page)
				for _, id := range p[from:ends[i]] {
					ids = append(ids, id)
					owner[id] = i
				}
				ends[i] = from
			}
			if len(ids) == 0 {
				break
			}
			files, err := fetch(ids)
			if err != nil {
				return nil, err
			}
			oldest := make([]string, len(parts)) // per shard, the oldest receipt read this round
			for _, id := range ids {
				f, ok := files[id]
				if !ok {
					continue
				}
				if i := owner[id]; oldest[i] == "" || f.ReceivedAt < oldest[i] {
					oldest[i] = f.ReceivedAt
				}
				if keep(f) {
					out = append(out, f)
				}
			}
			if len(out) < limit {
				continue
			}
			sortNewest(out)
			out = out[:limit]
			bar := out[limit-1].ReceivedAt
			for i := range parts {
				if oldest[i] != "" && oldest[i] < bar {
					ends[i] = 0 // the rest of this shard is older than every file kept
				}
			}
		}
		if len(out) >= limit {
			break
		}
	}
	sortNewest(out)
	return out, nil
}

func sortNewest(fs []*tracking.File) {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].ReceivedAt > fs[j].ReceivedAt })
}
