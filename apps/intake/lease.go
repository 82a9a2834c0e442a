package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/paychoreo/choreography/internal/step"
)

// The inbox lease keeps intake replicas from listing File A Storage while another one
// deletes from it: Dapr's localstorage binding (components-contrib v1.18) walks the
// folder and crashes its sidecar when a file vanishes during the walk. One key, first
// write wins, forgotten after leaseTTL if its holder dies.
const (
	leaseKey = "inbox-lease"
	leaseTTL = 10 * time.Second
)

var owner = func() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}()

// lease takes the inbox lease; with wait it keeps trying for a few seconds, without it
// it gives up at once (ok false).
func (in *intake) lease(ctx context.Context, wait bool) (release func(), ok bool, err error) {
	deadline := time.Now().Add(5 * time.Second)
	for delay := 20 * time.Millisecond; ; delay = min(2*delay, 500*time.Millisecond) {
		err := in.app.Sidecar.CreateStateTTL(ctx, step.AppState, leaseKey, owner, leaseTTL)
		if err == nil {
			return func() { in.unlease(context.WithoutCancel(ctx)) }, true, nil
		}
		if !errors.Is(err, step.ErrConflict) {
			return nil, false, err
		}
		if !wait {
			return nil, false, nil
		}
		if time.Now().After(deadline) {
			return nil, false, fmt.Errorf("inbox lease held by another intake replica for more than 5 s")
		}
		select {
		case <-ctx.Done():
			return nil, false, ctx.Err()
		case <-time.After(delay):
		}
	}
}

func (in *intake) unlease(ctx context.Context) {
	var holder string
	etag, found, err := in.app.Sidecar.GetState(ctx, step.AppState, leaseKey, &holder)
	if err == nil && found && holder == owner {
		in.app.Sidecar.DeleteStateIf(ctx, step.AppState, leaseKey, etag)
	}
}
