package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/refdata/daprstore"
	"github.com/paychoreo/choreography/internal/step"
)

// The reference table's commands: load, diff, apply, history, deactivate. Each change
// is a version (internal/refdata.Keeper), made through the validator's sidecar.

// openRefdata gives the keeper of the table behind the sidecar at addr; tests replace it.
var openRefdata = func(ctx context.Context, addr string) (*refdata.Keeper, func(), error) {
	c, err := connect(ctx, addr)
	if err != nil {
		return nil, nil, err
	}
	return &refdata.Keeper{Store: daprstore.New(c)}, c.Close, nil
}

func validatorFlag(fs *pflag.FlagSet) *string {
	return grpcFlag(fs, "validator")
}

// byFlags defines --by and --note.
func byFlags(fs *pflag.FlagSet, defBy, defNote string) (by, note *string) {
	by = fs.String("by", defBy, "who makes the change: a person's `NAME` (kept in the history)")
	note = fs.String("note", defNote, "`TEXT` saying why (kept in the history)")
	return by, note
}

func refdataLoadCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	addr := validatorFlag(fs)
	asJSON := fs.Bool("json", false, `print {"loaded": N, "file": FILE, "store": "refdata", "version": "vN", "changed": BOOL}`)
	by, note := byFlags(fs, osUser(), "load")
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) != 1 {
			return errors.New("refdata load takes one FILE")
		}
		file, err := readRefdata(e, *asJSON, pos[0])
		if err != nil {
			return err
		}
		r, err := applyRefdata(ctx, e, *asJSON, *addr, func(k *refdata.Keeper) (*refdata.Version, *refdata.Plan, error) {
			return k.Apply(ctx, file, refdata.Meta{By: *by, Note: *note})
		})
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

func refdataApplyCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	addr := validatorFlag(fs)
	asJSON := fs.Bool("json", false, "print the new version (changed, version, by, note, at, summary, changes, kept)")
	by, note := byFlags(fs, "", "")
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) != 1 || *by == "" {
			return errors.New("refdata apply takes one FILE and --by NAME")
		}
		file, err := readRefdata(e, *asJSON, pos[0])
		if err != nil {
			return err
		}
		r, err := applyRefdata(ctx, e, *asJSON, *addr, func(k *refdata.Keeper) (*refdata.Version, *refdata.Plan, error) {
			return k.Apply(ctx, file, refdata.Meta{By: *by, Note: *note})
		})
		if err != nil {
			return err
		}
		return r.print(e.stdout, *asJSON)
	}
}

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

// readRefdata reads a table file; a refused one is printed as such under --json.
func readRefdata(e env, asJSON bool, path string) (*refdata.Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := refdata.ReadTable(f)
	if err != nil {
		return nil, refused(e, asJSON, filepath.Base(path), err)
	}
	return t, nil
}

// refused prints a refusal's reasons as JSON under --json; the error goes to stderr
// either way (main) and exits 2.
func refused(e env, asJSON bool, what string, err error) error {
	var r *refdata.Refusal
	if asJSON && errors.As(err, &r) {
		printJSON(e.stdout, map[string]any{"refused": true, "file": what, "reasons": r.Reasons})
	}
	return err
}

// changeResult is a change as a command reports it.
type changeResult struct {
	Changed bool             `json:"changed"`
	Version string           `json:"version"` // the new version; the loaded one when nothing changed
	By      string           `json:"by,omitempty"`
	Note    string           `json:"note,omitempty"`
	At      string           `json:"at,omitempty"`
	Summary string           `json:"summary"`
	Changes []refdata.Change `json:"changes"`
	Kept    []refdata.Change `json:"kept,omitempty"`
}

// applyRefdata makes a change through the sidecar and says what it did.
func applyRefdata(ctx context.Context, e env, asJSON bool, addr string,
	change func(*refdata.Keeper) (*refdata.Version, *refdata.Plan, error)) (*changeResult, error) {
	k, done, err := openRefdata(ctx, addr)
	if err != nil {
		return nil, err
	}
	defer done()
	v, p, err := change(k)
	if err != nil {
		return nil, refused(e, asJSON, "table", err)
	}
	r := &changeResult{Changes: []refdata.Change{}, Kept: p.Kept}
	if v == nil {
		head, _, err := k.Loaded(ctx)
		if err != nil {
			return nil, err
		}
		r.Version, r.Summary = head.Version, refdata.Summarize(nil)
		return r, nil
	}
	r.Changed, r.Version, r.By, r.Note, r.At, r.Summary, r.Changes = true, v.Version, v.By, v.Note, v.At, v.Summary, v.Changes
	return r, nil
}

func (r *changeResult) line() string {
	if !r.Changed {
		return "no change, the table is " + or(r.Version, "empty") + " already"
	}
	return fmt.Sprintf("%s by %s (%s)", r.Version, r.By, r.Summary)
}

func (r *changeResult) print(w io.Writer, asJSON bool) error {
	if asJSON {
		return printJSON(w, r)
	}
	if r.Changed {
		fmt.Fprintf(w, "applied %s\n", r.line())
	} else {
		fmt.Fprintln(w, r.line())
	}
	return printChanges(w, r.Changes, r.Kept)
}

func printChanges(w io.Writer, changes, kept []refdata.Change) error {
	for _, c := range append(changes, kept...) {
		if _, err := fmt.Fprintln(w, "  "+c.String()); err != nil {
			return err
		}
	}
	return nil
}
