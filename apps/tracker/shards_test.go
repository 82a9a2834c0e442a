package main

import (
	"fmt"
	"slices"
	"testing"
)

// A file's shard must never move: closeOpen finds the file where addOpen put it, and
// every replica and every release must agree.
func TestShardOfIsStable(t *testing.T) {
	for id, want := range map[string]int{"f-69c66299f42987bb70f68e4f": 26, "f-195fdcf3b3de004709d32f4b": 18} {
		if got := shardOf(id); got != want {
			t.Errorf("shardOf(%s) = %d, want %d", id, got, want)
		}
	}
	if got, want := shardFor(dayKey("2026-12-04"), "f-69c66299f42987bb70f68e4f"), "day|2026-12-04|26"; got != want {
		t.Errorf("day shard key %q, want %q", got, want)
	}
	if got, want := shardFor(openKey, "f-195fdcf3b3de004709d32f4b"), "open|18"; got != want {
		t.Errorf("open shard key %q, want %q", got, want)
	}
}

// Ids spread over every shard, none far above its share: a shard that took most files
// would bring back the conflicts sharding takes away.
func TestShardsSpreadFiles(t *testing.T) {
	const files = 32_000
	count := make([]int, shards)
	for i := range files {
		count[shardOf(fmt.Sprintf("f-%024x", uint64(i)*0x9e3779b97f4a7c15))]++
	}
	for n, c := range count {
		if c < files/shards/2 || c > files/shards*2 {
			t.Errorf("shard %02d holds %d of %d files", n, c, files)
		}
	}
}

// Readers read the unsharded key (written before sharding) and every shard.
func TestListKeys(t *testing.T) {
	keys := listKeys(openKey)
	if len(keys) != shards+1 || keys[0] != "open" || keys[1] != "open|00" || keys[shards] != "open|31" {
		t.Errorf("listKeys(open) = %v", keys)
	}
	if uniq := slices.Compact(slices.Sorted(slices.Values(keys))); len(uniq) != len(keys) {
		t.Errorf("listKeys(open) repeats a key: %v", keys)
	}
}

func TestMergeListsKeepsEachFileOnce(t *testing.T) {
	keys := append(listKeys(dayKey("2026-12-04")), listKeys(dayKey("2026-12-03"))...)
	values := map[string][]byte{
		"day|2026-12-04":    []byte(`["f-old","f-both"]`), // before the upgrade
		"day|2026-12-04|07": []byte(`["f-both","f-new"]`),
		"day|2026-12-04|31": []byte(`[]`),
		"day|2026-12-03|00": []byte(`["f-yesterday","f-new"]`),
	}
	got, err := mergeLists(keys, values)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"f-old", "f-both", "f-new", "f-yesterday"}; !slices.Equal(got, want) {
		t.Errorf("mergeLists = %v, want %v", got, want)
	}
	if _, err := mergeLists(keys, map[string][]byte{"day|2026-12-04|01": []byte(`{`)}); err == nil {
		t.Error("a list that is not JSON was merged")
	}
}
