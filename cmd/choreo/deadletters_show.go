package main

import (
	"context"
	"errors"

	dapr "github.com/dapr/go-sdk/client"
	"github.com/spf13/pflag"
)

const deadlettersShowHelp = `Show one dead letter, with its audit trail and the original event, as JSON (the
same with or without --json). ID is the first column of "choreo deadletters list"
(<stage>:<event id>, e.g. creator:f-3f9c2a7d41b0e8c6a5d21f07/file.adapted).

` + deadlettersIntro

func deadlettersShowCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	addr := grpcFlag(fs, "intake")
	fs.Bool("json", false, "print JSON (the record is always shown as JSON)")
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) != 1 {
			return errors.New("deadletters show takes one ID")
		}
		return withSidecar(ctx, *addr, func(c dapr.Client) error {
			rec, err := getDeadLetter(ctx, c, pos[0])
			if err != nil {
				return err
			}
			return printJSON(e.stdout, rec)
		})
	}
}
