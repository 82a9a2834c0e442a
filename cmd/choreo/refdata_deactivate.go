package main

import (
	"context"
	"errors"

	"github.com/spf13/pflag"

	"github.com/paychoreo/choreography/internal/refdata"
)

const refdataDeactivateHelp = `Make a new version in which a sender (or, with --account, one of its accounts) is
inactive: the validator then rejects its files (SENDER_INACTIVE, or
ACCOUNT_NOT_ALLOWED for payments from that account). The row stays in the table and
its history. Nothing changes when it is inactive already.

` + refdataIntro + `

Exit codes: 0 deactivated (or inactive already), 2 no such sender or account, or an error.

Example:
  choreo refdata deactivate --sender GLOBEX-LTD --by alice --note "offboarded (ticket 4712)"
  choreo refdata deactivate --sender ACME-CORP --account DE75512108001245126199 --by alice --note "account closed"`

func refdataDeactivateCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	addr := validatorFlag(fs)
	asJSON := fs.Bool("json", false, "print the new version (changed, version, by, note, at, summary, changes)")
	sender := fs.String("sender", "", "the sender's `ID` (required)")
	account := fs.String("account", "", "one of the sender's accounts (`IBAN`): deactivate only that account")
	by, note := byFlags(fs, "", "")
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) != 0 || *sender == "" || *by == "" {
			return errors.New("refdata deactivate takes --sender ID and --by NAME, and no arguments")
		}
		r, err := applyRefdata(ctx, e, *asJSON, *addr, func(k *refdata.Keeper) (*refdata.Version, *refdata.Plan, error) {
			return k.Deactivate(ctx, *sender, *account, refdata.Meta{By: *by, Note: *note})
		})
		if err != nil {
			return err
		}
		return r.print(e.stdout, *asJSON)
	}
}
