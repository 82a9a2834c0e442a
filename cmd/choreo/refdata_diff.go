package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/paychoreo/choreography/internal/refdata"
)

const refdataDiffHelp = `Show what applying FILE would change against the loaded version, per sender and
account, without changing anything: "+" added, "~" changed (from -> to), "=" left out
of the file and kept.

` + refdataIntro + `

Exit codes: 0 nothing would change, 1 something would, 2 refused or an error.

Example:
  choreo refdata diff refdata/sample.json`

func refdataDiffCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	addr := validatorFlag(fs)
	asJSON := fs.Bool("json", false, "print {against, changed, summary, changes, kept}")
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) != 1 {
			return errors.New("refdata diff takes one FILE")
		}
		file, err := readRefdata(e, *asJSON, pos[0])
		if err != nil {
			return err
		}
		return withKeeper(ctx, *addr, func(k *refdata.Keeper) error {
			head, p, err := k.Diff(ctx, file)
			if err != nil {
				return refused(e, *asJSON, pos[0], err)
			}
			if err := printDiff(e.stdout, *asJSON, pos[0], head, p); err != nil {
				return err
			}
			if p.Changed() {
				return &outcomeError{msg: pos[0] + " would change the reference table"}
			}
			return nil
		})
	}
}

func printDiff(w io.Writer, asJSON bool, path string, head refdata.Head, p *refdata.Plan) error {
	summary := refdata.Summarize(p.Changes)
	if asJSON {
		return printJSON(w, map[string]any{"against": head.Version, "changed": p.Changed(), "summary": summary,
			"changes": append([]refdata.Change{}, p.Changes...), "kept": append([]refdata.Change{}, p.Kept...)})
	}
	against := "an empty table (no version yet)"
	if head.Version != "" {
		against = fmt.Sprintf("%s (applied %s by %s)", head.Version, head.At, head.By)
	}
	fmt.Fprintf(w, "%s against %s: %s\n", path, against, summary)
	if err := printChanges(w, p.Changes, p.Kept); err != nil {
		return err
	}
	if p.Changed() {
		_, err := fmt.Fprintf(w, "choreo refdata apply %s --by NAME --note TEXT makes this %s\n", path, refdata.VersionName(head.Number+1))
		return err
	}
	return nil
}
