package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/refdata/daprstore"
)

// The reference table's commands (refdata_load.go, _diff.go, _apply.go, _history.go,
// _deactivate.go). Each change is a version (internal/refdata.Keeper), made through the
// validator's sidecar.

const refdataIntro = `The reference table (senders, their debtor accounts and limits) lives in the refdata
state store and is changed through a Dapr sidecar whose app may use that store (the
validator's, --dapr-grpc). Every change makes a new version (v1, v2, ...), kept with
who made it (--by), why (--note), when and what changed; the validator's events
(refdata_version) and rejection reports name the version a file was checked against.

A table FILE is JSON like refdata/sample.json. It is refused whole, with every reason,
when a sender or an account appears twice, an account is not a valid IBAN or not in a
country of the SEPA credit transfer scheme, an account is active under two senders,
or a max_file_amount is 0. A file never removes: senders and accounts it leaves out
are kept as they are (choreo refdata deactivate retires them).`

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

// readRefdata reads a table file; a refused one is printed as such under --json.
func readRefdata(e env, asJSON bool, path string) (*refdata.Table, error) {
	t, err := refdata.ReadFile(path)
	if err != nil {
		// Only a *refdata.Refusal is printed as refused: an error opening the file is not one.
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

// withKeeper runs use with the keeper of the table behind the sidecar at addr.
func withKeeper(ctx context.Context, addr string, use func(*refdata.Keeper) error) error {
	k, done, err := openRefdata(ctx, addr)
	if err != nil {
		return err
	}
	defer done()
	return use(k)
}

// applyTable makes the table file at path the next version, by meta; it returns the file
// as read and what the change did.
func applyTable(ctx context.Context, e env, asJSON bool, addr, path string, meta refdata.Meta) (*refdata.Table, *changeResult, error) {
	file, err := readRefdata(e, asJSON, path)
	if err != nil {
		return nil, nil, err
	}
	r, err := applyRefdata(ctx, e, asJSON, addr, func(k *refdata.Keeper) (*refdata.Version, *refdata.Plan, error) {
		return k.Apply(ctx, file, meta)
	})
	return file, r, err
}

// applyRefdata makes a change through the sidecar and says what it did.
func applyRefdata(ctx context.Context, e env, asJSON bool, addr string,
	change func(*refdata.Keeper) (*refdata.Version, *refdata.Plan, error)) (r *changeResult, err error) {
	err = withKeeper(ctx, addr, func(k *refdata.Keeper) error {
		r, err = changeWith(ctx, e, asJSON, k, change)
		return err
	})
	return r, err
}

func changeWith(ctx context.Context, e env, asJSON bool, k *refdata.Keeper,
	change func(*refdata.Keeper) (*refdata.Version, *refdata.Plan, error)) (*changeResult, error) {
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
