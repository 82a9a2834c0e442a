package main

import (
	"context"

	"github.com/spf13/pflag"
)

// command is one `choreo` command. setup defines its flags on fs and returns what runs
// it with the positional arguments, so that help can list the flags without running.
type command struct {
	name    string // as typed: "submit", "deadletters list"
	args    string // positional arguments, for the usage line
	summary string
	help    string // what it does, its output, its exit codes
	setup   func(fs *pflag.FlagSet) func(ctx context.Context, pos []string, e env) error
}

// commands are choreo's commands in the order help lists them; each lives in its own
// file. A name of two words is a command of a group (refdata, deadletters).
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

// lookup is the command named name ("refdata load"), or nil.
func lookup(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}
