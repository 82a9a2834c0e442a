package evidence

import (
	"encoding/json"
	"slices"
)

// flatten turns a record into its JSON leaves keyed by dotted path (file_b.sha256), the
// names a person reads in a refusal.
func flatten(r Record) map[string]string {
	var tree map[string]any
	raw, _ := json.Marshal(r)
	json.Unmarshal(raw, &tree)
	out := map[string]string{}
	leaves("", tree, out)
	return out
}

func leaves(prefix string, v any, out map[string]string) {
	m, ok := v.(map[string]any)
	if !ok {
		b, _ := json.Marshal(v)
		out[prefix] = string(b)
		return
	}
	for k, child := range m {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		leaves(key, child, out)
	}
}

func sortedUnion(a, b map[string]string) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
