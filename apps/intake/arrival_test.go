package main

import (
	"testing"
	"time"
)

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

// A released claim stands for the file that left; a blob written after the release is a
// new file under the same name, and is claimed however soon it comes.
func TestReleasedClaimAgainstEventTime(t *testing.T) {
	now := time.Now()
	released := claim{ReleasedAt: now.Add(-time.Second).UTC().Format(time.RFC3339Nano)}
	if !released.releasedAfter(now.Add(-2*time.Second), now) {
		t.Error("a blob written before the release was taken for a new file")
	}
	if released.releasedAfter(now.Add(-500*time.Millisecond), now) {
		t.Error("a blob written after the release was taken for the old file")
	}
	if !released.releasedAfter(time.Time{}, now) {
		t.Error("a scan within releasedGrace of the release took the old file for a new one")
	}
	if released.releasedAfter(time.Time{}, now.Add(releasedGrace)) {
		t.Error("a scan after releasedGrace still trusted the released claim")
	}
	if (claim{}).releasedAfter(now, now) {
		t.Error("an unreleased claim counted as released")
	}
}

func TestClaimsGoStale(t *testing.T) {
	now := time.Now()
	c := claim{ClaimedAt: now.UTC().Format(time.RFC3339Nano)}
	if c.stale(now.Add(staleAfter / 2)) {
		t.Error("a fresh claim is stale")
	}
	if !c.stale(now.Add(staleAfter + time.Second)) {
		t.Error("an old claim is not stale")
	}
	if !(claim{ClaimedAt: "garbage"}).stale(now) {
		t.Error("an unreadable claim time is not stale")
	}
}
