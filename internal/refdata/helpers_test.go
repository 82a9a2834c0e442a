package refdata

import (
	"context"
	"encoding/json"
	"testing"
)

const (
	ibanDE89 = "DE89370400440532013000"
	ibanDE02 = "DE02120300000000202051"
	ibanDE75 = "DE75512108001245126199"
	ibanNL91 = "NL91ABNA0417164300"
)

// table builds a reference table from its JSON form, as a file gives it.
func table(t *testing.T, raw string) *Table {
	t.Helper()
	var tab Table
	if err := json.Unmarshal([]byte(raw), &tab); err != nil {
		t.Fatal(err)
	}
	if err := Check(&tab); err != nil {
		t.Fatal(err)
	}
	return &tab
}

// v1 is the first table of these tests; v2 adds an account to ACME and raises its
// daily limit, and leaves GLOBEX out.
const (
	v1 = `{"senders": [
	  {"id": "ACME", "name": "Acme", "active": true, "max_file_amount": "5000000.00", "daily_limit": "20000000.00",
	   "accounts": [{"iban": "` + ibanDE89 + `", "active": true}, {"iban": "` + ibanDE02 + `", "active": true}]},
	  {"id": "GLOBEX", "name": "Globex", "active": true, "max_file_amount": "250000.00",
	   "accounts": [{"iban": "` + ibanNL91 + `", "active": true}]}]}`
	v2 = `{"senders": [
	  {"id": "ACME", "name": "Acme", "active": true, "max_file_amount": "5000000.00", "daily_limit": "30000000.00",
	   "accounts": [{"iban": "` + ibanDE89 + `", "active": true}, {"iban": "` + ibanDE02 + `", "active": true},
	                {"iban": "` + ibanDE75 + `", "active": true}]}]}`
)

// row reads a sender's row as the validator does.
func row(t *testing.T, s Store, id string) *Sender {
	t.Helper()
	var r Sender
	if _, found, err := s.Get(context.Background(), Key(id), &r); err != nil || !found {
		t.Fatalf("row %s: found %v, %v", id, found, err)
	}
	return &r
}
