// choreo is the command-line tool for people who run the pipeline.
//
//	choreo refdata load FILE   load the reference table into the refdata state store
//	choreo watch               print each file's outcome as it finishes
//
// It talks to a Dapr sidecar whose app may use the refdata store (the validator's, by
// default on gRPC port 50002), with DAPR_API_TOKEN when set.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "choreo:", err)
		os.Exit(1)
	}
}

const usage = `choreo: the payment-file choreography's command-line tool

Commands:
  refdata load [--dapr-grpc ADDR] FILE
        Load the reference table (senders, debtor accounts, limits) from FILE into the
        refdata state store through a Dapr sidecar (default 127.0.0.1:50002, the
        validator's). Existing rows of the same senders are replaced.
  watch [--data DIR] [--since-start]
        Print each file's outcome as it finishes (local profile): where its File B is,
        or where its rejection report is and the first reasons. Runs until Ctrl-C.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) >= 2 && args[0] == "refdata" && args[1] == "load" {
		return refdataLoad(ctx, args[2:], stdout)
	}
	if len(args) >= 1 && args[0] == "watch" {
		return watch(ctx, args[1:], stdout)
	}
	fmt.Fprint(stderr, usage)
	if len(args) == 0 || args[0] == "help" || args[0] == "--help" || args[0] == "-h" {
		return nil
	}
	return errors.New("unknown command: " + fmt.Sprint(args))
}

func refdataLoad(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("refdata load", flag.ContinueOnError)
	addr := fs.String("dapr-grpc", "127.0.0.1:50002", "Dapr sidecar gRPC address")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("refdata load takes one FILE")
	}
	n, err := loadRefdata(ctx, *addr, fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "loaded %d senders from %s into state store %q\n", n, fs.Arg(0), "refdata")
	return nil
}
