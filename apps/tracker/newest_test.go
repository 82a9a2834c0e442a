package main

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/tracking"
)

// newest gives the same files as reading every file and sorting, for any limit and
// filter, and reads far fewer files when the limit is small.
func TestNewestReadsOnlyWhatItNeeds(t *testing.T) {
	base := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	all := map[string]*tracking.File{}
	var days [][][]string
	n := 0
	for d := range 2 { // day 0 is the newest
		parts := make([][]string, shards+1)
		for i := range 3000 {
			id := fmt.Sprintf("f-%d-%04d", d, i)
			at := base.AddDate(0, 0, -d).Add(time.Duration(i) * time.Second)
			// seen by the tracker a little out of order, as redeliveries do
			at = at.Add(time.Duration(rand.IntN(3)-1) * time.Second)
			all[id] = &tracking.File{FileID: id, ReceivedAt: at.Format(time.RFC3339), Stalled: i%97 == 0}
			s := shardOf(id) + 1
			parts[s] = append(parts[s], id)
			n++
		}
		days = append(days, parts)
	}
	for _, tc := range []struct {
		limit    int
		keep     func(*tracking.File) bool
		readsMax int
	}{
		{20, func(*tracking.File) bool { return true }, 1000},
		{200, func(*tracking.File) bool { return true }, 2000},
		{5000, func(*tracking.File) bool { return true }, n},
		{20, func(f *tracking.File) bool { return f.Stalled }, n},
	} {
		reads := 0
		got, err := newest(days, tc.limit, func(ids []string) (map[string]*tracking.File, error) {
			reads += len(ids)
			out := map[string]*tracking.File{}
			for _, id := range ids {
				out[id] = all[id]
			}
			return out, nil
		}, tc.keep)
		if err != nil {
			t.Fatal(err)
		}
		var want []*tracking.File
		for _, f := range all {
			if tc.keep(f) {
				want = append(want, f)
			}
		}
		sort.Slice(want, func(i, j int) bool { return want[i].ReceivedAt > want[j].ReceivedAt })
		want = want[:min(tc.limit, len(want))]
		if len(got) != len(want) {
			t.Fatalf("limit %d: %d files, want %d", tc.limit, len(got), len(want))
		}
		for i := range want {
			if got[i].ReceivedAt != want[i].ReceivedAt {
				t.Fatalf("limit %d: file %d received %s, want %s", tc.limit, i, got[i].ReceivedAt, want[i].ReceivedAt)
			}
		}
		if reads > tc.readsMax {
			t.Errorf("limit %d: read %d files, want at most %d", tc.limit, reads, tc.readsMax)
		}
	}
}
