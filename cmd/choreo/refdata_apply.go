package main

import (
	"context"
	"errors"

	"github.com/spf13/pflag"

	"github.com/paychoreo/choreography/internal/refdata"
)

const refdataApplyHelp = `Make FILE's changes the next version of the reference table, in one transaction: the
validator sees the whole new version or none of it. Of two concurrent changes one
wins; the other is refused (run diff again). Nothing changes, and no version is made,
when FILE matches the loaded table.

` + refdataIntro + `

Exit codes: 0 applied (or nothing to change), 2 refused or an error.

Example:
  choreo refdata diff refdata/sample.json
  choreo refdata apply refdata/sample.json --by alice --note "GLOBEX's daily limit raised (ticket 4711)"`

func refdataApplyCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	addr := validatorFlag(fs)
	asJSON := fs.Bool("json", false, "print the new version (changed, version, by, note, at, summary, changes, kept)")
	by, note := byFlags(fs, "", "")
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) != 1 || *by == "" {
			return errors.New("refdata apply takes one FILE and --by NAME")
		}
		_, r, err := applyTable(ctx, e, *asJSON, *addr, pos[0], refdata.Meta{By: *by, Note: *note})
		if err != nil {
			return err
		}
		return r.print(e.stdout, *asJSON)
	}
}
