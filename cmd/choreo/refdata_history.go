package main

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/pflag"
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
		k, done, err := openRefdata(ctx, *addr)
		if err != nil {
			return err
		}
		defer done()
		vs, err := k.History(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(e.stdout, vs)
		}
		if len(vs) == 0 {
			_, err := fmt.Fprintln(e.stdout, "no versions yet (choreo refdata apply)")
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "VERSION\tAT\tBY\tSUMMARY\tNOTE")
		for _, v := range vs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", v.Version, v.At, v.By, v.Summary, short(oneLine(v.Note), 80))
		}
		return tw.Flush()
	}
}
