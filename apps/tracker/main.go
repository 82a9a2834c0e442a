// tracker is the observer that answers "where is file X, why did it fail, what is
// stuck" with no central point of control: it subscribes to every file event (rejections,
// dead letters and compensations included), keeps each file's timeline in its state
// store, marks files that miss their deadline as stalled, and serves a read-only API and
// status page.
//
// Consumes: every file.* and deadletter.<step> topic. Publishes: nothing, ever.
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
	if err := step.Run(ctx, "tracker", 7005, os.Getenv, os.Stdout, setup); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
