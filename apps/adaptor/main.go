// adaptor turns an accepted file's canonical form into payment batches, one per debtor
// account and execution date in order of first appearance, stages them and announces
// file.adapted.
//
// Consumes: file.validated. Publishes: file.adapted.
// Never: re-validates, changes amounts or order within a batch.
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
	if err := step.Run(ctx, "adaptor", 7003, os.Getenv, os.Stdout, setup); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
