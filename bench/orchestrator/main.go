// orchestrator is the orchestrated variant of the pipeline, for the benchmark only: one
// Dapr app whose Dapr Workflow runs, per file, the same steps as the choreography's
// apps (validate, adapt, create, file away) as activities. Activities call the same
// library code (internal/paymentfile, batch, staging, pain001) and move data through the
// same storage bindings and state stores; the workflow engine (actors on placement, the
// scheduler, an actor state store) replaces the broker and the events.
//
// Files arrive as they do for intake: blob.created events (inbox-watch locally, Event
// Grid in Azure), taken by the orchestrator replicas as competing consumers; each new
// blob is claimed once (first write wins) and a workflow is started for it, with the file
// id as instance id. With CHOREO_BENCH_DOWNSTREAM set, arrival and each step wait a
// simulated downstream call, as the choreography's apps do (wiring.go).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/paychoreo/choreography/internal/step"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := step.Run(ctx, appID, 7020, os.Getenv, os.Stdout, setup(ctx)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
