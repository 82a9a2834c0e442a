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
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

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

// command is one `choreo` command. setup defines its flags on fs and returns what runs
// it with the positional arguments, so that help can list the flags without running.
type command struct {
	name    string // as typed: "submit", "deadletters list"
	args    string // positional arguments, for the usage line
	summary string
	help    string // what it does, its output, its exit codes
	setup   func(fs *flag.FlagSet) func(ctx context.Context, pos []string, e env) error
}

var commands []command

func init() {
	commands = []command{
		{"submit", "FILE...", "upload payment files (File A) and wait for each outcome", submitHelp, submitCmd},
		{"upload", "FILE...", "put payment files into File A Storage as a customer does (Azurite: with the blob-created event)", uploadHelp, uploadCmd},
		{"status", "[FILE_ID]", "list files with their status, or show one file's timeline", statusHelp, statusCmd},
		{"watch", "", "print each file's steps and outcome as they happen, until Ctrl-C", watchHelp, watchCmd},
		{"refdata load", "FILE", "apply a reference table file as the OS user (for scripts and first loads)", refdataLoadHelp, refdataLoadCmd},
		{"refdata diff", "FILE", "show what applying a reference table file would change (exit 1 if anything)", refdataDiffHelp, refdataDiffCmd},
		{"refdata apply", "FILE --by NAME", "make a reference table file's changes the next version", refdataApplyHelp, refdataApplyCmd},
		{"refdata history", "", "list the reference table's versions: who, when, why, what changed", refdataHistoryHelp, refdataHistoryCmd},
		{"refdata deactivate", "--sender ID", "make a sender (or one of its accounts) inactive, as a new version", refdataDeactivateHelp, refdataDeactivateCmd},
		{"deadletters list", "", "list dead letters that need a person", deadlettersListHelp, deadlettersListCmd},
		{"deadletters show", "ID", "show one dead letter with its original event", deadlettersShowHelp, deadlettersShowCmd},
		{"deadletters redrive", "ID --by NAME", "submit a dead-lettered file again after a fix", deadlettersRedriveHelp, deadlettersRedriveCmd},
		{"verify", "FILE_ID", "check a file's evidence record against File A, File B and the pain.002 (exit 1 if one differs)", verifyHelp, verifyCmd},
	}
}

// run finds the command named by the first words of args and runs it.
func run(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "--help" || args[0] == "-h" || args[0] == "-help" {
		if len(args) > 1 {
			if c, _ := lookup(args[1:]); c != nil {
				fmt.Fprint(e.stdout, commandHelp(*c))
				return nil
			}
			fmt.Fprint(e.stderr, usage())
			return fmt.Errorf("no command %q", strings.Join(args[1:], " "))
		}
		if len(args) == 0 {
			fmt.Fprint(e.stderr, usage())
			return errors.New("no command given")
		}
		fmt.Fprint(e.stdout, usage())
		return nil
	}
	c, rest := lookup(args)
	if c == nil {
		fmt.Fprint(e.stderr, usage())
		return fmt.Errorf("unknown command %q", strings.Join(args, " "))
	}
	if wantsHelp(rest) {
		fmt.Fprint(e.stdout, commandHelp(*c))
		return nil
	}
	fs := newFlags(c.name)
	runCmd := c.setup(fs)
	pos, err := parse(fs, rest)
	if err != nil {
		return fmt.Errorf("%s: %w (choreo %s --help)", c.name, err, c.name)
	}
	return runCmd(ctx, pos, e)
}

// lookup matches the longest command name at the start of args.
func lookup(args []string) (*command, []string) {
	var best *command
	n := 0
	for i := range commands {
		words := strings.Fields(commands[i].name)
		if len(words) > len(args) || len(words) <= n {
			continue
		}
		if strings.Join(args[:len(words)], " ") == commands[i].name {
			best, n = &commands[i], len(words)
		}
	}
	if best == nil {
		return nil, args
	}
	return best, args[n:]
}

func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			return true
		}
		if a == "--" {
			return false
		}
	}
	return false
}

func usage() string {
	var b strings.Builder
	b.WriteString(`choreo: the payment-file choreography's command-line tool

Usage: choreo COMMAND [flags] [arguments]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-34s %s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	b.WriteString(`
Every command takes --json (machine-readable output on stdout) and --help.
"choreo help COMMAND" or "choreo COMMAND --help" explains a command and its flags.
Output for people goes to stdout; progress and problems go to stderr.
DAPR_API_TOKEN is presented to the Dapr sidecar when set (make run and bin/launch set it).
CHOREO_TRACKER_TOKEN is the tracker's login secret (status, submit, watch), sent as a
bearer token; make run writes both to .tmp/tokens.env (source .tmp/tokens.env).

Exit codes:
  0  done (submit: every file was created)
  1  submit: a file was rejected or compensated; refdata diff: the file would change the table;
     verify: a piece differs from its evidence record or is missing
  2  error: bad usage, sidecar or tracker unreachable, upload failed, timeout
`)
	return b.String()
}

// commandHelp is the whole help of one command: what it does, then its flags.
func commandHelp(c command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: choreo %s [flags]\n\n%s\n", strings.TrimSpace(c.name+" "+c.args), strings.TrimSpace(c.help))
	fs := newFlags(c.name)
	c.setup(fs)
	b.WriteString("\nFlags:\n")
	fs.VisitAll(func(f *flag.Flag) {
		typ, text := flag.UnquoteUsage(f)
		name := "--" + f.Name
		if typ != "" {
			name += " " + typ
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			text += " (default " + f.DefValue + ")"
		}
		fmt.Fprintf(&b, "  %-24s %s\n", name, text)
	})
	fmt.Fprintf(&b, "  %-24s %s\n", "--help", "this help")
	return b.String()
}

func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, by main
	return fs
}

// parse reads flags wherever they stand among the arguments (`show ID --json` as well as
// `show --json ID`) and returns the positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// isTerminal reports whether f is a terminal: /dev/null is a character device too, and
// must not get progress bars.
func isTerminal(f *os.File) bool {
	return term.IsTerminal(int(f.Fd()))
}
