// inbox-watch plays Azure Event Grid for a File A Storage that is a local folder: every
// file that lands in the inbox folder becomes a blob.created event (Event Grid's
// BlobCreated, CloudEvents schema) on the broker, which the intake replicas take as
// competing consumers. In Azure it does not run: Event Grid delivers the same events.
//
// Consumes: nothing. Publishes: blob.created.
// Never: reads, moves or claims a file (intake's business); runs more than once per
// inbox folder (two watchers announce every file twice: harmless, since intake's claim
// decides, but twice the events).
//
// CHOREO_INBOX_DIR is the folder (default ../../data/inbox, relative to the app's folder
// as the inbox component's rootPath is); CHOREO_RECONCILE_EVERY the period of the listing
// that catches lost events (default 30s).
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/inboxwatch"
	"github.com/paychoreo/choreography/internal/step"
)

func main() { step.Main(events.InboxWatch, 7011, setup) }

func setup(app *step.App) (step.Wiring, error) {
	every, err := time.ParseDuration(or(os.Getenv("CHOREO_RECONCILE_EVERY"), "30s"))
	if err != nil || every <= 0 {
		return step.Wiring{}, fmt.Errorf("CHOREO_RECONCILE_EVERY: want a duration such as 30s")
	}
	w := &inboxwatch.Watcher{Dir: or(os.Getenv("CHOREO_INBOX_DIR"), "../../data/inbox"), Log: app.Log,
		ReconcileEvery: every}
	if app.Sidecar != nil { // nil when the wiring is only checked (wiring_test.go)
		w.Publish = app.Sidecar.PublishBlobEvent
		if err := os.MkdirAll(w.Dir, 0o755); err != nil {
			return step.Wiring{}, err
		}
		go func() {
			if err := w.Run(context.Background()); err != nil {
				app.Log.Error("inbox watch stopped: files are no longer announced", "error", err.Error(), "outcome", "error")
				os.Exit(1) // let the supervisor start it again
			}
		}()
	}
	return step.Wiring{}, nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
