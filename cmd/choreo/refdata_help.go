package main

// Help texts of the refdata commands (refdata.go).

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
