package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"text/tabwriter"

	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/refdata/daprstore"
	"github.com/paychoreo/choreography/internal/step"
)

// The reference table's commands: load, diff, apply, history, deactivate. Each change
// is a version (internal/refdata.Keeper), made through the validator's sidecar.

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

const refdataLoadHelp = `Apply FILE as "choreo refdata apply" does, by the operating-system user unless --by
says otherwise, with the note "load": for scripts and first loads. Nothing changes,
and no version is made, when FILE matches the loaded table.

` + refdataIntro + `

Exit codes: 0 loaded (or nothing to change), 2 refused or an error.

Example:
  choreo refdata load refdata/sample.json`

const refdataDiffHelp = `Show what applying FILE would change against the loaded version, per sender and
account, without changing anything: "+" added, "~" changed (from -> to), "=" left out
of the file and kept.

` + refdataIntro + `

Exit codes: 0 nothing would change, 1 something would, 2 refused or an error.

Example:
  choreo refdata diff refdata/sample.json`

const refdataApplyHelp = `Make FILE's changes the next version of the reference table, in one transaction: the
validator sees the whole new version or none of it. Of two concurrent changes one
wins; the other is refused (run diff again). Nothing changes, and no version is made,
when FILE matches the loaded table.

` + refdataIntro + `

Exit codes: 0 applied (or nothing to change), 2 refused or an error.

Example:
  choreo refdata diff refdata/sample.json
  choreo refdata apply refdata/sample.json --by alice --note "GLOBEX's daily limit raised (ticket 4711)"`

const refdataHistoryHelp = `List every version of the reference table, oldest first: when, who, what changed
(a summary) and why. With --json, each version with its changes as well.

` + refdataIntro + `

Example:
  choreo refdata history
  choreo refdata history --json | jq '.[-1].changes'`

const refdataDeactivateHelp = `Make a new version in which a sender (or, with --account, one of its accounts) is
inactive: the validator then rejects its files (SENDER_INACTIVE, or
ACCOUNT_NOT_ALLOWED for payments from that account). The row stays in the table and
its history. Nothing changes when it is inactive already.

` + refdataIntro + `

Exit codes: 0 deactivated (or inactive already), 2 no such sender or account, or an error.

Example:
  choreo refdata deactivate --sender GLOBEX-LTD --by alice --note "offboarded (ticket 4712)"
  choreo refdata deactivate --sender ACME-CORP --account DE75512108001245126199 --by alice --note "account closed"`

// openRefdata gives the keeper of the table behind the sidecar at addr; tests replace it.
var openRefdata = func(ctx context.Context, addr string) (*refdata.Keeper, func(), error) {
	c, err := connect(ctx, addr)
	if err != nil {
		return nil, nil, err
	}
	return &refdata.Keeper{Store: daprstore.New(c)}, c.Close, nil
}

func validatorFlag(fs *flag.FlagSet) *string {
	return grpcFlag(fs, "127.0.0.1:50002", "the validator's")
}

// byFlags defines --by and --note.
func byFlags(fs *flag.FlagSet, defBy, defNote string) (by, note *string) {
	by = fs.String("by", defBy, "who makes the change: a person's `NAME` (kept in the history)")
	note = fs.String("note", defNote, "`TEXT` saying why (kept in the history)")
	return by, note
}

func refdataLoadCmd(fs *flag.FlagSet) func(context.Context, []string, env) error {
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

func refdataApplyCmd(fs *flag.FlagSet) func(context.Context, []string, env) error {
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

func refdataDeactivateCmd(fs *flag.FlagSet) func(context.Context, []string, env) error {
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

func refdataDiffCmd(fs *flag.FlagSet) func(context.Context, []string, env) error {
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
		k, done, err := openRefdata(ctx, *addr)
		if err != nil {
			return err
		}
		defer done()
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

func refdataHistoryCmd(fs *flag.FlagSet) func(context.Context, []string, env) error {
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
