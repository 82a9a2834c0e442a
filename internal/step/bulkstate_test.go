package step

import (
	"context"
	"strings"
	"testing"

	dapr "github.com/dapr/go-sdk/client"
)

// bulkClient answers a bulk read from a map; a key in fail answers with an error.
type bulkClient struct {
	dapr.Client
	values map[string]string
	fail   string
	asked  []string
}

func (c *bulkClient) GetBulkState(_ context.Context, _ string, keys []string, _ map[string]string, _ int32) ([]*dapr.BulkStateItem, error) {
	c.asked = append(c.asked, keys...)
	var items []*dapr.BulkStateItem
	for _, k := range keys {
		it := &dapr.BulkStateItem{Key: k, Value: []byte(c.values[k])}
		if k == c.fail {
			it.Error = "store unavailable"
		}
		items = append(items, it)
	}
	return items, nil
}

func TestGetBulkState(t *testing.T) {
	c := &bulkClient{values: map[string]string{"open|00": `["f-1"]`, "open|01": `[]`}}
	s := &Sidecar{c: c}
	got, err := s.GetBulkState(context.Background(), AppState, []string{"open", "open|00", "open|01"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || string(got["open|00"]) != `["f-1"]` || string(got["open|01"]) != `[]` {
		t.Errorf("found %q, want open|00 and open|01 (open does not exist)", got)
	}
	if _, err := s.GetBulkState(context.Background(), AppState, nil); err != nil || len(c.asked) != 3 {
		t.Errorf("no keys: %v, asked the sidecar for %v", err, c.asked)
	}
	c.fail = "open|01"
	if _, err := s.GetBulkState(context.Background(), AppState, []string{"open|00", "open|01"}); err == nil ||
		!strings.Contains(err.Error(), "open|01") {
		t.Errorf("a key the store could not read: %v, want an error naming it", err)
	}
}
