package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paychoreo/choreography/internal/refdata"
)

// memoryRefdata makes the refdata commands use one in-memory store.
func memoryRefdata(t *testing.T) {
	store, was := &refdata.Memory{}, openRefdata
	openRefdata = func(context.Context, string) (*refdata.Keeper, func(), error) {
		return &refdata.Keeper{Store: store}, func() {}, nil
	}
	t.Cleanup(func() { openRefdata = was })
}

func refdataRun(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	e, out, errb := testEnv()
	err := run(context.Background(), append([]string{"refdata"}, args...), e)
	if err != nil {
		errb.WriteString(err.Error())
	}
	return out.String(), errb.String(), exitCode(err)
}

// sampleChanged is refdata/sample.json with GLOBEX's daily limit raised and an account
// added to it.
func sampleChanged(t *testing.T) string {
	raw, err := os.ReadFile(filepath.Join("..", "..", "refdata", "sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(raw), `"daily_limit": "1000000.00"`, `"daily_limit": "1500000.00"`, 1)
	s = strings.Replace(s, `{"iban": "NL91ABNA0417164300", "active": true}`,
		`{"iban": "NL91ABNA0417164300", "active": true}, {"iban": "BE68539007547034", "active": true}`, 1)
	return writeTemp(t, "changed.json", s)
}

func writeTemp(t *testing.T, name, content string) string {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRefdataCommands(t *testing.T) {
	memoryRefdata(t)
	sample := filepath.Join("..", "..", "refdata", "sample.json")
	if out, errs, code := refdataRun(t, "load", sample); code != 0 || !strings.Contains(out, "loaded 3 senders") || !strings.Contains(out, ": v1 by ") {
		t.Fatalf("load: exit %d\n%s%s", code, out, errs)
	}
	if out, _, code := refdataRun(t, "diff", sample); code != 0 || !strings.Contains(out, "against v1") || !strings.Contains(out, "no change") {
		t.Errorf("diff of the loaded file: exit %d\n%s", code, out)
	}
	changed := sampleChanged(t)
	out, _, code := refdataRun(t, "diff", changed)
	for _, want := range []string{"~ sender GLOBEX-LTD: daily_limit 1000000.00 -> 1500000.00",
		"+ sender GLOBEX-LTD account BE68539007547034: added (active)", "makes this v2"} {
		if code != 1 || !strings.Contains(out, want) {
			t.Errorf("diff of a changed file: exit %d, lacks %q:\n%s", code, want, out)
		}
	}
	if _, errs, code := refdataRun(t, "apply", changed); code != 2 || !strings.Contains(errs, "--by") {
		t.Errorf("apply without --by: exit %d, %s", code, errs)
	}
	if out, _, code := refdataRun(t, "apply", changed, "--by", "alice", "--note", "ticket 4711"); code != 0 ||
		!strings.Contains(out, "applied v2 by alice (1 sender changed, 1 account added)") {
		t.Errorf("apply: exit %d\n%s", code, out)
	}
	if out, _, code := refdataRun(t, "deactivate", "--sender", "GLOBEX-LTD", "--by", "bob", "--note", "offboarded", "--json"); code != 0 ||
		!strings.Contains(out, `"version": "v3"`) {
		t.Errorf("deactivate --json: exit %d\n%s", code, out)
	}
	if _, errs, code := refdataRun(t, "deactivate", "--sender", "NOBODY", "--by", "bob"); code != 2 || !strings.Contains(errs, "no such sender") {
		t.Errorf("deactivate an unknown sender: exit %d, %s", code, errs)
	}
	out, _, code = refdataRun(t, "history")
	for _, want := range []string{"VERSION", "v1", "v2", "alice", "ticket 4711", "v3", "bob", "offboarded", "1 sender changed"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("history lacks %q (exit %d):\n%s", want, code, out)
		}
	}
	out, _, _ = refdataRun(t, "history", "--json")
	var vs []refdata.Version
	if err := json.Unmarshal([]byte(out), &vs); err != nil || len(vs) != 3 || vs[1].By != "alice" || len(vs[1].Changes) != 2 {
		t.Errorf("history --json: %v\n%s", err, out)
	}
}

func TestRefdataRefusesABadFileWhole(t *testing.T) {
	memoryRefdata(t)
	bad := writeTemp(t, "bad.json", `{"senders": [
	  {"id": "A", "name": "A", "active": true, "max_file_amount": "1.00", "accounts": [{"iban": "DE88370400440532013000", "active": true}]},
	  {"id": "A", "name": "A", "active": true, "max_file_amount": "1.00", "accounts": [{"iban": "DE02120300000000202051", "active": true}]},
	  {"id": "T", "name": "T", "active": true, "max_file_amount": "1.00", "accounts": [{"iban": "TR330006100519786457841326", "active": true}]}]}`)
	out, errs, code := refdataRun(t, "apply", bad, "--by", "alice", "--json")
	var r struct {
		Refused bool     `json:"refused"`
		Reasons []string `json:"reasons"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != 2 || !r.Refused || len(r.Reasons) != 3 || !strings.Contains(errs, "3 reasons") {
		t.Errorf("apply of a bad file: exit %d, %v\n%s%s", code, err, out, errs)
	}
	if out, _, _ := refdataRun(t, "history"); !strings.Contains(out, "no versions yet") {
		t.Errorf("history after a refused apply:\n%s", out)
	}
}
