package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// newRoot is choreo's command tree: a cobra command per entry of commands, under a
// group command for the first word of a two-word name. Cobra parses (POSIX flags
// anywhere among the arguments), completes (choreo completion bash|zsh|fish) and answers
// --version; the help texts and errors stay choreo's own (help.go).
func newRoot(e env) *cobra.Command {
	cobra.EnableCommandSorting = false // help and completion list the commands in the table's order
	root := &cobra.Command{
		Use:     "choreo",
		Short:   "the payment-file choreography's command-line tool",
		Version: buildVersion(),
		Args:    unknownCommand(e),
		// "did you mean" for a word within two edits of a command
		SuggestionsMinimumDistance: 2,
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprint(e.stderr, usage())
			return errors.New("no command given")
		},
		SilenceErrors: true, // main reports them once
		SilenceUsage:  true,
		// An unknown word is reported as an unknown command, not as a flag error.
		FParseErrWhitelist: cobra.FParseErrWhitelist{UnknownFlags: true},
	}
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetVersionTemplate("choreo {{.Version}}\n")
	root.SetHelpFunc(func(c *cobra.Command, _ []string) { fmt.Fprint(c.OutOrStdout(), helpOf(c)) })
	root.SetHelpCommand(helpCommand(e))
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		name := commandName(c)
		return fmt.Errorf("%s: %w (choreo %s --help)", name, err, name)
	})
	for _, c := range commands {
		parent := root
		words := strings.Fields(c.name)
		if len(words) == 2 {
			parent = group(root, words[0], e)
		}
		parent.AddCommand(leaf(c, words[len(words)-1], e))
	}
	return root
}

// leaf is the cobra command that runs c.
func leaf(c command, word string, e env) *cobra.Command {
	cc := &cobra.Command{Use: strings.TrimSpace(word + " " + c.args), Short: c.summary, Long: c.help, Args: cobra.ArbitraryArgs}
	runCmd := c.setup(cc.Flags())
	cc.RunE = func(cc *cobra.Command, pos []string) error { return runCmd(cc.Context(), pos, e) }
	return cc
}

// groups say what the commands of a group are about.
var groups = map[string]string{
	"refdata":     "the reference table of senders, accounts and limits: a version per change",
	"deadletters": "dead letters: where a file failed for good, for a person to act on",
}

// group is the command named word under root (refdata, deadletters), made on first use.
// Alone, or with a word that is none of its commands, it is an unknown command.
func group(root *cobra.Command, word string, e env) *cobra.Command {
	for _, g := range root.Commands() {
		if g.Name() == word {
			return g
		}
	}
	g := &cobra.Command{
		Use: word + " COMMAND", Short: groups[word], Args: unknownCommand(e), SuggestionsMinimumDistance: 2,
		RunE: func(g *cobra.Command, _ []string) error {
			fmt.Fprint(e.stderr, usage())
			return fmt.Errorf("unknown command %q", commandName(g))
		},
		FParseErrWhitelist: cobra.FParseErrWhitelist{UnknownFlags: true},
	}
	root.AddCommand(g)
	return g
}

// unknownCommand refuses words that name no command, with the usage on stderr and the
// nearest command's name when one is near.
func unknownCommand(e env) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		fmt.Fprint(e.stderr, usage())
		err := fmt.Errorf("unknown command %q", strings.TrimSpace(commandName(c)+" "+strings.Join(args, " ")))
		if near := c.SuggestionsFor(args[0]); len(near) > 0 {
			err = fmt.Errorf("%w; did you mean %q?", err, strings.TrimSpace(commandName(c)+" "+near[0]))
		}
		return err
	}
}

// commandName is c's name as typed after choreo: "refdata load"; "" for choreo itself.
func commandName(c *cobra.Command) string {
	return strings.TrimSpace(strings.TrimPrefix(c.CommandPath(), c.Root().Name()))
}
