package refdata

import "time"

// Head is the current version of the table, under HeadKey.
type Head struct {
	Version string `json:"version"` // "v3"
	Number  int    `json:"number"`  // 3
	At      string `json:"at"`      // when it was applied, RFC 3339 UTC
	By      string `json:"by"`      // who applied it
}

// Version is one version of the table, under VersionKey: who made it, why, when, what
// changed against the version before, and the whole table as it then was. It is
// written once, when the change is claimed, before the rows; it is the table's history
// and what `refdata_version` in an event points to.
type Version struct {
	Version string   `json:"version"`
	Number  int      `json:"number"`
	By      string   `json:"by"`
	Note    string   `json:"note"`
	At      string   `json:"at"`      // RFC 3339 UTC
	Summary string   `json:"summary"` // Summarize(Changes)
	Changes []Change `json:"changes"`
	Table   *Table   `json:"table,omitempty"` // left out of history listings
}

// Meta is who makes a change and why.
type Meta struct {
	By   string
	Note string
}

func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
