package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/paychoreo/choreography/internal/refdata"
)

const refdataHistoryHelp = `List every version of the reference table, oldest first: when, who, what changed
(a summary) and why. With --json, each version with its changes as well.

` + refdataIntro + `

Example:
  choreo refdata history
  choreo refdata history --json | jq '.[-1].changes'`

func refdataHistoryCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	addr := validatorFlag(fs)
	asJSON := fs.Bool("json", false, "print the versions as a JSON array (version, number, by, note, at, summary, changes)")
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) != 0 {
			return errors.New("refdata history takes no arguments")
		}
		return withKeeper(ctx, *addr, func(k *refdata.Keeper) error {
			vs, err := k.History(ctx)
			if err != nil {
				return err
			}
			return printHistory(e.stdout, *asJSON, vs)
		})
	}
}

func printHistory(w io.Writer, asJSON bool, vs []refdata.Version) error {
	if asJSON {
		return printJSON(w, vs)
	}
	if len(vs) == 0 {
		_, err := fmt.Fprintln(w, "no versions yet (choreo refdata apply)")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tAT\tBY\tSUMMARY\tNOTE")
	for _, v := range vs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", v.Version, v.At, v.By, v.Summary, short(oneLine(v.Note), 80))
	}
	return tw.Flush()
}
