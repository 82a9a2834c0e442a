package main

import (
	"context"
	"errors"
	"path"
	"strings"
	"sync"

	"github.com/paychoreo/choreography/internal/custody"
	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/store"
)

type intake struct {
	app    *step.App
	lister *step.Lister
	state  store.State // appstate: claims and how files ended
	keeper *deadletter.Keeper
	// scanning keeps two reconciliation scans of one process from overlapping. Nothing
	// else is serialised: every blob's claim, announcement and release runs in whichever
	// replica got its event, in parallel, and the first-write claim settles races.
	scanning sync.Mutex
}

// scan is the reconciliation for blob-created events that never came (Event Grid gives
// up after its retries, an event was lost): on every tick of the scan-inbox binding it
// lists File A Storage and gives each blob the same per-blob step as an event, which
// costs one claim read for a blob already claimed. It is off the per-file path: profiles
// whose storage sends events scan rarely (components/azure: every 5 minutes); local
// folders are reconciled by inbox-watch itself, which lists the folder directly, because
// Dapr's localstorage list crashes its sidecar when a file vanishes during the walk
// (docs/design.md, "Arrival").
func (in *intake) scan(ctx context.Context, _ []byte) error {
	if !in.scanning.TryLock() {
		return nil // the previous tick's scan is still running
	}
	defer in.scanning.Unlock()
	names, err := in.lister.List(ctx, step.Inbox)
	if err != nil {
		return err
	}
	var errs []error
	for _, name := range names {
		if hidden(name) {
			continue
		}
		outcome, err := in.consider(ctx, name, noEventTime)
		if outcome == custody.Announced || outcome == custody.Again {
			in.app.Log.Warn("blob found by the reconciliation scan, not by an event", "blob", name,
				"stage", "intake", "outcome", "reconciled")
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// hidden files are not payment files: uploads in progress (write ".name", then rename)
// and the storage helper's own marker.
func hidden(name string) bool { return strings.HasPrefix(path.Base(name), ".") }
