package onevent

import (
	"context"
	"testing"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

// Work hands the decoded payload to the step, and a malformed one never reaches it: it
// is permanent, not retried.
func TestWorkDecodesOrRefuses(t *testing.T) {
	var got events.Adapted
	h := Work(func(_ context.Context, _ step.Message, ev events.Adapted) error {
		got = ev
		return nil
	})
	if err := h(context.Background(), step.Message{Data: []byte(`{"file_id":"f-1","batch_count":2}`)}); err != nil {
		t.Fatal(err)
	}
	if got.FileID != "f-1" || got.BatchCount != 2 {
		t.Errorf("decoded %+v", got)
	}
	got = events.Adapted{}
	err := h(context.Background(), step.Message{ID: "f-2/file.adapted", Data: []byte(`{"file_id":`)})
	if !step.IsPermanent(err) || got.FileID != "" {
		t.Errorf("malformed payload: %v (permanent %v), step saw %+v", err, step.IsPermanent(err), got)
	}
}
