package main

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/dapr/durabletask-go/workflow"

	"github.com/paychoreo/choreography/internal/blobevent"
	"github.com/paychoreo/choreography/internal/custody"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/store/daprstore"
)

// Files arrive as intake's do: one blob.created event (Event Grid's BlobCreated,
// CloudEvents schema) per blob, from inbox-watch locally, taken by the orchestrator
// replicas as competing consumers (one consumer group: the app id). The orchestrator is
// not in internal/events.Catalog (it is the benchmark's, not the product's), so it
// subscribes here, programmatically, instead of through step.Subscription.

const arrivalRoute = "/events/" + events.BlobCreated

// subscriptions answers Dapr's GET /dapr/subscribe, behind the app token.
func subscriptions(token string) http.Handler {
	body, _ := json.Marshal([]map[string]string{{
		"pubsubname": events.PubSubOf(events.BlobCreated), "topic": events.BlobCreated, "route": arrivalRoute,
	}})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get("dapr-api-token")), []byte(token)) != 1 {
			http.Error(w, "missing or wrong dapr-api-token", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})
}

// onBlobCreated takes one event: a new blob is claimed and its workflow started; an
// event for a blob claimed already, gone, or not a File A is acknowledged and dropped.
// Only a technical failure is retried.
func (o *orchestrator) onBlobCreated(w http.ResponseWriter, r *http.Request) {
	var ev blobevent.CloudEvent
	raw, err := io.ReadAll(r.Body)
	if err == nil {
		err = json.Unmarshal(raw, &ev)
	}
	status := "SUCCESS"
	switch {
	case err != nil:
		o.app.Log.Warn("blob event unreadable", "error", err.Error(), "outcome", "malformed")
		status = "DROP"
	case ev.Type != blobevent.TypeBlobCreated:
	default:
		_, name, ok := blobevent.Blob(ev.Subject)
		if !ok || strings.HasPrefix(path.Base(name), ".") {
			break
		}
		if err := o.consider(r.Context(), name); err != nil {
			o.app.Log.Warn("blob event failed", "event_id", ev.ID, "blob", name, "error", err.Error(), "outcome", "retry")
			status = "RETRY"
		}
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"status":%q}`, status)
}

// consider follows intake's custody rules (internal/custody): claim the blob unless a
// claim stands (first write wins), wait for the simulated downstream when set (as
// intake does for a new file), start its workflow with the file id as instance id. A
// claim older than custody.StaleAfter is started again: the engine refuses a second
// start of the same instance, so that is harmless.
func (o *orchestrator) consider(ctx context.Context, name string) error {
	var c custody.Claim
	_, found, err := o.app.Sidecar.GetState(ctx, step.AppState, custody.Key(name), &c)
	if err != nil {
		return err
	}
	switch custody.Judge(c, found, time.Time{}, time.Now()) {
	case custody.Duplicate:
		return nil
	case custody.Again:
		return o.start(ctx, c)
	}
	size, sum, err := o.app.Sidecar.FingerprintBlob(ctx, step.Inbox, name)
	if errors.Is(err, step.ErrNotFound) {
		return nil // gone already: filed away, or never complete
	}
	if err != nil {
		return err
	}
	held := c
	c = custody.New(name, size, sum, time.Now())
	taken, err := custody.Take(ctx, daprstore.NewState(o.app.Sidecar, step.AppState), c, held, found)
	if !taken {
		return err // another replica claimed it, or the write failed
	}
	if err := o.downstream["arrival"].Call(ctx); err != nil {
		return err
	}
	return o.start(ctx, c)
}

// start schedules a claimed file's workflow; a second start of the same file is refused
// by the engine and counts as done.
func (o *orchestrator) start(ctx context.Context, c custody.Claim) error {
	in := events.Received{FileRef: events.FileRef{FileID: c.FileID, Blob: c.Blob, Size: c.Size, SHA256: c.SHA256},
		ReceivedAt: c.ClaimedAt}
	_, err := o.wf.ScheduleWorkflow(ctx, "pipeline", workflow.WithInstanceID(c.FileID), workflow.WithInput(in))
	if err != nil && !strings.Contains(err.Error(), "already exists") {
		return err
	}
	o.app.FileOutcome(step.Message{ID: c.FileID + "/workflow"}, c.FileID, "received", "blob", c.Blob, "size", c.Size)
	return nil
}
