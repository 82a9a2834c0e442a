package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"

	"github.com/spf13/pflag"

	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/step"
)

const refdataLoadHelp = `Apply FILE as "choreo refdata apply" does, by the operating-system user unless --by
says otherwise, with the note "load": for scripts and first loads. Nothing changes,
and no version is made, when FILE matches the loaded table.

` + refdataIntro + `

Exit codes: 0 loaded (or nothing to change), 2 refused or an error.

Example:
  choreo refdata load refdata/sample.json`

func refdataLoadCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	addr := validatorFlag(fs)
	asJSON := fs.Bool("json", false, `print {"loaded": N, "file": FILE, "store": "refdata", "version": "vN", "changed": BOOL}`)
	by, note := byFlags(fs, osUser(), "load")
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) != 1 {
			return errors.New("refdata load takes one FILE")
		}
		file, r, err := applyTable(ctx, e, *asJSON, *addr, pos[0], refdata.Meta{By: *by, Note: *note})
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(e.stdout, map[string]any{"loaded": len(file.Senders), "file": pos[0], "store": step.RefData,
				"version": r.Version, "changed": r.Changed})
		}
		_, err = fmt.Fprintf(e.stdout, "loaded %d senders from %s into state store %q: %s\n", len(file.Senders), pos[0], step.RefData, r.line())
		return err
	}
}

// osUser names who runs choreo, for a load that names nobody.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown-user"
}
