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
  deadletters list [--all] [--json]
  deadletters show ID
  deadletters redrive ID --by NAME [--note TEXT]
        Dead letters a person can act on: where a file failed for good (stage), why
        (reason, first and last error), how often (attempts), its trace id and the
        original event. A step's dead letter has already been compensated (File A is in
        quarantine); redrive brings File A back as a new submission after a fix. Every
        redrive is kept in the record's audit trail. Through intake's sidecar
        (--dapr-grpc, default 127.0.0.1:50001).
  watch [--data DIR] [--since-start]
        Print each file's outcome as it finishes (local profile): where its File B is,
        or where its rejection report is and the first reasons. Runs until Ctrl-C.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) >= 2 && args[0] == "refdata" && args[1] == "load" {
		return refdataLoad(ctx, args[2:], stdout)
	}
	if len(args) >= 1 && args[0] == "deadletters" {
		return deadletters(ctx, args[1:], stdout)
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
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("refdata load takes one FILE")
	}
	n, err := loadRefdata(ctx, *addr, pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "loaded %d senders from %s into state store %q\n", n, pos[0], "refdata")
	return nil
}

// parse reads flags wherever they stand among the arguments (`show ID --json` as well as
// `show --json ID`) and returns the positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
