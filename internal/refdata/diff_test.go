package refdata

import (
	"strings"
	"testing"
)

func TestMergeListsEveryChange(t *testing.T) {
	p := Merge(table(t, v1), table(t, v2))
	var got []string
	for _, c := range p.Changes {
		got = append(got, c.String())
	}
	want := []string{
		"~ sender ACME: daily_limit 20000000.00 -> 30000000.00",
		"+ sender ACME account " + ibanDE75 + ": added (active)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(p.Kept) != 1 || p.Kept[0].Sender != "GLOBEX" || !strings.Contains(p.Kept[0].String(), "kept as it is") {
		t.Errorf("kept: %v, want GLOBEX", p.Kept)
	}
	if len(p.Table.Senders) != 2 || p.Table.sender("GLOBEX") == nil || len(p.Table.sender("ACME").Accounts) != 3 {
		t.Errorf("merged table: %+v", p.Table)
	}
	if s := Summarize(p.Changes); s != "1 sender changed, 1 account added" {
		t.Errorf("summary %q", s)
	}
}

func TestMergeKeepsWhatTheFileLeavesOut(t *testing.T) {
	file := table(t, `{"senders": [{"id": "ACME", "name": "Acme", "active": true, "max_file_amount": "5000000.00", "daily_limit": "20000000.00",
	  "accounts": [{"iban": "`+ibanDE89+`", "active": false}]}, {"id": "NEW", "name": "New", "active": true, "max_file_amount": "1.00",
	  "accounts": [{"iban": "`+ibanDE75+`", "active": true}]}]}`)
	p := Merge(table(t, v1), file)
	if reg, active := p.Table.sender("ACME").Account(ibanDE02); !reg || !active {
		t.Errorf("an account the file leaves out: registered %v, active %v; want kept as it was", reg, active)
	}
	if s := Summarize(p.Changes); s != "1 sender added, 1 account added, 1 account changed" {
		t.Errorf("summary %q", s)
	}
	if ids := []string{p.Table.Senders[0].ID, p.Table.Senders[1].ID, p.Table.Senders[2].ID}; strings.Join(ids, ",") != "ACME,GLOBEX,NEW" {
		t.Errorf("senders in order %v, want by id", ids)
	}
}

func TestMergeOfTheSameTableChangesNothing(t *testing.T) {
	p := Merge(table(t, v1), table(t, v1))
	if p.Changed() || len(p.Kept) != 0 || Summarize(p.Changes) != "no change" {
		t.Errorf("changes %v, kept %v", p.Changes, p.Kept)
	}
}
