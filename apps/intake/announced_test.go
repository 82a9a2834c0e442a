package main

import (
	"testing"
	"time"
)

// A scan skips blobs it saw announced, until they leave the inbox or recheckAfter
// passes.
func TestAnnouncedBlobsAreRememberedForAWhile(t *testing.T) {
	in := &intake{}
	now := time.Now()
	if in.known("a.csv", now) {
		t.Fatal("known before anything was remembered")
	}
	in.remember("a.csv", now)
	if !in.known("a.csv", now.Add(recheckAfter-time.Second)) {
		t.Error("forgotten too early")
	}
	if in.known("a.csv", now.Add(recheckAfter)) {
		t.Error("trusted after recheckAfter")
	}
	in.forget("a.csv")
	if in.known("a.csv", now) {
		t.Error("known after forget")
	}
}
