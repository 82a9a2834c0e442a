package main

import "testing"

func TestUnsafeNamesCannotLeaveTheInbox(t *testing.T) {
	for _, n := range []string{"/etc/passwd", "../x.csv", "a/../../x.csv", "a//b.csv", "./x.csv", "a\\b.csv", "x\x00.csv", "dir/"} {
		if !unsafe(n) {
			t.Errorf("unsafe(%q) = false", n)
		}
	}
	// Names the validator rejects (INVALID_BLOB_NAME) are not unsafe: they are picked up
	// and kept with their report.
	for _, n := range []string{"acme.csv", "nested/pay ment.csv", "Zahlungsdatei äöü.csv", "..hidden-ish.csv"} {
		if unsafe(n) {
			t.Errorf("unsafe(%q) = true", n)
		}
	}
}
