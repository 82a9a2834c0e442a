package main

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// usage is `choreo help`: every command, the shared flags, the environment, the exit codes.
func usage() string {
	var b strings.Builder
	b.WriteString(`choreo: the payment-file choreography's command-line tool

Usage: choreo COMMAND [flags] [arguments]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-34s %s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	fmt.Fprintf(&b, "  %-34s %s\n", "completion bash|zsh|fish", "print the shell completion script (e.g. source <(choreo completion bash))")
	b.WriteString(`
Every command takes --json (machine-readable output on stdout) and --help; choreo
--version prints the version. "choreo help COMMAND" or "choreo COMMAND --help" explains
a command and its flags. Output for people goes to stdout; progress and problems go to
stderr.

Environment:
  DAPR_API_TOKEN          presented to the Dapr sidecar when set (make run and bin/launch set it)
  CHOREO_TRACKER_TOKEN    the tracker's login secret (status, submit, watch), sent as a
                          bearer token; make run writes both to .tmp/tokens.env
                          (source .tmp/tokens.env)
  CHOREO_TRACKER_URL      default of --tracker (status, submit, watch)
  CHOREO_INTAKE_GRPC      default of --dapr-grpc for submit and deadletters
  CHOREO_VALIDATOR_GRPC   default of --dapr-grpc for refdata
  CHOREO_TRACKER_GRPC     default of --dapr-grpc for verify
  CHOREO_INBOX_WATCH_GRPC default of upload's --events-grpc
  CHOREO_RESOURCES        default of upload's --resources
  CHOREO_TRACE_URL        default of watch's --trace-url
A flag given on the command line wins over its variable.

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
	fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
	c.setup(fs)
	b.WriteString("\nFlags:\n")
	fs.VisitAll(func(f *pflag.Flag) {
		typ, text := pflag.UnquoteUsage(f)
		name := "--" + f.Name
		if typ != "" {
			name += " " + typ
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			def = f.DefValue
		}
		if env := f.Annotations[envAnnotation]; len(env) > 0 {
			def = strings.TrimSpace("$" + env[0] + " or " + def)
			def = strings.TrimSuffix(def, " or")
		}
		if def != "" {
			text += " (default " + def + ")"
		}
		fmt.Fprintf(&b, "  %-24s %s\n", name, text)
	})
	fmt.Fprintf(&b, "  %-24s %s\n", "--help", "this help")
	return b.String()
}

// helpOf is the help of any command of the tree: choreo's own for its commands and
// groups, cobra's description and flags for those cobra adds (completion).
func helpOf(c *cobra.Command) string {
	if !c.HasParent() {
		return usage()
	}
	name := commandName(c)
	if cmd := lookup(name); cmd != nil {
		return commandHelp(*cmd)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: choreo %s\n\n%s\n", strings.TrimPrefix(c.UseLine(), c.Root().Name()+" "), strings.TrimSpace(cmp.Or(c.Long, c.Short)))
	if c.HasAvailableSubCommands() {
		b.WriteString("\nCommands:\n")
		for _, s := range c.Commands() {
			if s.IsAvailableCommand() {
				fmt.Fprintf(&b, "  %-34s %s\n", name+" "+s.Use, s.Short)
			}
		}
	}
	if c.HasAvailableLocalFlags() {
		b.WriteString("\nFlags:\n" + c.LocalFlags().FlagUsages())
	}
	return b.String()
}

// helpCommand is `choreo help [COMMAND]`.
func helpCommand(e env) *cobra.Command {
	return &cobra.Command{
		Use: "help [COMMAND]", Short: "explain choreo or one of its commands", Args: cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				fmt.Fprint(e.stdout, usage())
				return nil
			}
			target, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 || !target.HasParent() {
				fmt.Fprint(e.stderr, usage())
				return fmt.Errorf("no command %q", strings.Join(args, " "))
			}
			fmt.Fprint(e.stdout, helpOf(target))
			return nil
		},
	}
}
