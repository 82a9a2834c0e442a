package main

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/dapr/durabletask-go/workflow"

	"github.com/paychoreo/choreography/internal/blobevent"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
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

// claim is intake's claim record, under the same key.
type claim struct {
	FileID    string `json:"file_id"`
	Blob      string `json:"blob"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
	ClaimedAt string `json:"claimed_at"`
	Announced bool   `json:"announced"`
}

func claimKey(blob string) string { return "inbox|" + blob }

// consider is intake's: claim the blob unless it is claimed (first write wins), wait for
// the simulated downstream when set (as intake does for a new file), start its workflow
// with the file id as instance id (a second start of the same file is refused by the
// engine). A claim not yet marked announced is started again: the start is idempotent.
func (o *orchestrator) consider(ctx context.Context, name string) error {
	var c claim
	_, found, err := o.app.Sidecar.GetState(ctx, step.AppState, claimKey(name), &c)
	if err != nil || (found && c.Announced) {
		return err
	}
	if !found {
		size, sum, err := o.app.Sidecar.FingerprintBlob(ctx, step.Inbox, name)
		if errors.Is(err, step.ErrNotFound) {
			return nil // gone already: filed away, or never complete
		}
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		c = claim{Blob: name, Size: size, SHA256: sum, ClaimedAt: now.Format(time.RFC3339Nano)}
		h := sha256.Sum256([]byte(name + "\x00" + c.SHA256 + "\x00" + strconv.FormatInt(now.UnixNano(), 10)))
		c.FileID = "f-" + hex.EncodeToString(h[:12])
		if err := o.app.Sidecar.CreateState(ctx, step.AppState, claimKey(name), c); err != nil {
			if errors.Is(err, step.ErrConflict) {
				return nil // another replica claimed it
			}
			return err
		}
		if err := o.downstream["arrival"].Call(ctx); err != nil {
			return err
		}
	}
	in := events.Received{FileRef: events.FileRef{FileID: c.FileID, Blob: c.Blob, Size: c.Size, SHA256: c.SHA256},
		ReceivedAt: c.ClaimedAt}
	_, err = o.wf.ScheduleWorkflow(ctx, "pipeline", workflow.WithInstanceID(c.FileID), workflow.WithInput(in))
	if err != nil && !strings.Contains(err.Error(), "already exists") {
		return err
	}
	c.Announced = true
	o.app.FileOutcome(step.Message{ID: c.FileID + "/workflow"}, c.FileID, "received", "blob", c.Blob, "size", c.Size)
	return o.app.Sidecar.PutState(ctx, step.AppState, claimKey(c.Blob), c)
}
