// choreo is the command-line tool for people who run the pipeline: submit files and
// wait for their outcome, follow them (status, watch), load reference data, act on dead
// letters. `choreo help` lists the commands; `choreo COMMAND --help` explains one.
//
// It talks to Dapr sidecars over gRPC (with DAPR_API_TOKEN when set) and reads the
// tracker's API over HTTP.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

	"golang.org/x/term"
)

// Exit codes, the same for every command.
const (
	exitOK      = 0 // done; for submit: every file was created
	exitOutcome = 1 // submit: at least one file was rejected or compensated; refdata diff: a change; verify: a mismatch
	exitError   = 2 // usage error, unreachable sidecar or tracker, upload failure, timeout
)

// outcomeError is what a command returns when it worked but a file did not end well.
type outcomeError struct{ msg string }

func (e *outcomeError) Error() string { return e.msg }

// exitCode maps a command's result to the process exit code.
func exitCode(err error) int {
	var oe *outcomeError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &oe):
		return exitOutcome
	}
	return exitError
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], env{stdout: os.Stdout, stderr: os.Stderr, progress: isTerminal(os.Stderr)})
	stop()
	var oe *outcomeError
	if err != nil && !errors.As(err, &oe) {
		fmt.Fprintln(os.Stderr, "choreo:", err)
	}
	os.Exit(exitCode(err))
}

// env is what a command may use of the outside world.
type env struct {
	stdout, stderr io.Writer
	progress       bool // stderr is a terminal: progress bars are welcome
}

// run runs the command that args name, on choreo's command tree (cobra).
func run(ctx context.Context, args []string, e env) error {
	root := newRoot(e)
	root.SetArgs(compatArgs(args))
	return root.ExecuteContext(ctx)
}

// compatArgs lets -help keep asking for help, as it did before flags were POSIX-style.
func compatArgs(args []string) []string {
	out := append([]string(nil), args...)
	for i, a := range out {
		if a == "--" {
			break
		}
		if a == "-help" {
			out[i] = "--help"
		}
	}
	return out
}

// isTerminal reports whether f is a terminal: /dev/null is a character device too, and
// must not get progress bars.
func isTerminal(f *os.File) bool {
	return term.IsTerminal(int(f.Fd()))
}
