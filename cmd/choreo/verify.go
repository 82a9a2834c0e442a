package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/paychoreo/choreography/internal/blobname"
	"github.com/paychoreo/choreography/internal/evidence"
)

// verify checks a file's evidence record against the stored pieces it vouches for
// (internal/evidence.Verify), through the tracker's sidecar.

const verifyHelp = `Verify a file's evidence record (docs/evidence.md): read evidence/<FILE_ID>.json,
recompute the SHA-256 of File A where intake keeps it now (archive/, rejected/ or
quarantine/<file id>/), of File B (outbox, created files only) and of the pain.002 status
report (reports), and compare each with the record. The reporter writes the record once,
when the file ends.

Everything is read through the tracker's Dapr sidecar (--dapr-grpc). The tracker may already
read archive, rejected, quarantine and outbox (it serves outputs); the evidence and reports
bindings are scoped to it as well, the fewest scopes to widen (the reporter's sidecar
would have needed four). A sidecar of any app with those bindings in scope works too.

Output: one line per check, STATUS PIECE WHERE, with the recorded and the recomputed
SHA-256 under a mismatch; then a summary. With --json:
{file_id, record, checks: [{piece, area, name, want, got, status, detail}], ok}.
STATUS is ok, mismatch (the piece is there, its content is not what was recorded) or
missing (it is not where the record says it is kept). A record that is not FILE_ID's or
lacks what a record must hold is a mismatch of the piece "record".

Exit codes: 0 every piece matches its record; 1 a piece differs or is missing; 2 no
record of FILE_ID, or the sidecar could not be reached or read.

Example:
  choreo verify f-3f9c2a7d41b0e8c6a5d21f07
  choreo verify --json f-3f9c2a7d41b0e8c6a5d21f07 | jq '.checks[] | select(.status != "ok")'`

// openEvidence gives the storage areas behind the sidecar at addr; tests replace it.
var openEvidence = func(ctx context.Context, addr string) (evidence.Areas, func(), error) {
	c, err := connect(ctx, addr)
	if err != nil {
		return nil, nil, err
	}
	return evidence.OnSidecar(grpcBlobs{c}, errBlobNotFound), c.Close, nil
}

func verifyCmd(fs *pflag.FlagSet) func(context.Context, []string, env) error {
	addr := grpcFlag(fs, "tracker")
	asJSON := fs.Bool("json", false, "print the record and every check as JSON")
	return func(ctx context.Context, pos []string, e env) error {
		if len(pos) != 1 {
			return errors.New("verify takes one FILE_ID")
		}
		if err := blobname.Check(pos[0]); err != nil { // it becomes a blob name
			return fmt.Errorf("verify: FILE_ID: %w", err)
		}
		areas, done, err := openEvidence(ctx, *addr)
		if err != nil {
			return err
		}
		defer done()
		rep, err := evidence.Verify(ctx, areas, pos[0])
		if err != nil {
			return fmt.Errorf("verify %s: %w", pos[0], err)
		}
		if *asJSON {
			err = printJSON(e.stdout, rep)
		} else {
			err = printVerify(e.stdout, rep)
		}
		if err == nil && !rep.OK {
			return &outcomeError{msg: "evidence of " + rep.FileID + " does not match: " + strings.Join(problems(rep), ", ")}
		}
		return err
	}
}

// printVerify writes one line per check and a summary.
func printVerify(w io.Writer, rep evidence.Report) error {
	if r := rep.Record; r != nil {
		fmt.Fprintf(w, "evidence of %s: %s, written %s, refdata %s, trace %s\n", rep.FileID, r.Outcome,
			or(r.WrittenAt, "-"), or(r.RefdataVersion, "-"), or(r.TraceID, "-"))
	}
	if rep.Superseded != "" {
		fmt.Fprintf(w, "supersedes %s/%s, the record of its creation, undone by compensation\n", evidence.Area, rep.Superseded)
	}
	for _, c := range rep.Checks {
		line := strings.TrimRight(fmt.Sprintf("%-9s %-8s %s/%s  %s", c.Status, c.Piece, c.Area, c.Name, c.Detail), " ")
		fmt.Fprintln(w, line)
		if c.Status == evidence.StatusMismatch && c.Got != "" {
			fmt.Fprintf(w, "%19srecorded sha256 %s\n%19sfound    sha256 %s\n", "", c.Want, "", c.Got)
		}
	}
	if rep.OK {
		_, err := fmt.Fprintf(w, "verified: all %d checks ok\n", len(rep.Checks))
		return err
	}
	_, err := fmt.Fprintf(w, "NOT verified: %s\n", strings.Join(problems(rep), ", "))
	return err
}

// problems names each check that is not ok: "file_b mismatch".
func problems(rep evidence.Report) []string {
	var out []string
	for _, c := range rep.Checks {
		if c.Status != evidence.StatusOK {
			out = append(out, c.Piece+" "+c.Status)
		}
	}
	return out
}
