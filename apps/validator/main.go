// validator checks each File A against payment-file-v1 and the reference table held in
// the refdata state store. An accepted file's canonical form is staged and announced as
// file.validated; a file that breaks any rule gets a rejection report listing every
// violation, written to the rejected area, and is announced as file.rejected.
//
// Consumes: file.received. Publishes: file.validated, file.rejected.
// Never: retries a business rejection, changes File A, trusts the blob name.
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
	if err := step.Run(ctx, "validator", 7002, os.Getenv, os.Stdout, setup); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
