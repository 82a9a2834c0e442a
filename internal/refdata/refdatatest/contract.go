// Package refdatatest is the contract every refdata.Store passes: the memory store in
// unit tests, the Dapr one (daprstore) against a real sidecar and Redis in e2e/. What
// versions rely on is here: first write wins, a stale ETag is refused and reported.
package refdatatest

import (
	"context"
	"errors"
	"testing"

	"github.com/paychoreo/choreography/internal/refdata"
)

// StoreContract checks s; it writes keys under "{refdata}|contract|".
func StoreContract(t *testing.T, s refdata.Store) {
	t.Helper()
	ctx := context.Background()
	const a, b = "{refdata}|contract|a", "{refdata}|contract|b"
	var v string
	if _, found, err := s.Get(ctx, a, &v); err != nil || found {
		t.Fatalf("get of a missing key: found %v, %v", found, err)
	}
	if err := s.Create(ctx, a, "first"); err != nil {
		t.Fatalf("create: %v", err)
	}
	if err := s.Create(ctx, a, "second"); !errors.Is(err, refdata.ErrConflict) {
		t.Errorf("create of an existing key: %v, want ErrConflict", err)
	}
	etag, found, err := s.Get(ctx, a, &v)
	if err != nil || !found || v != "first" || etag == "" {
		t.Fatalf("get after create: %q, etag %q, found %v, %v", v, etag, found, err)
	}
	if err := s.Commit(ctx, []refdata.Write{{Key: a, Value: "committed", ETag: etag}, {Key: b, Value: "b1"}}); err != nil {
		t.Fatalf("commit with the current etag: %v", err)
	}
	if s.Get(ctx, a, &v); v != "committed" {
		t.Errorf("after commit: %q", v)
	}
	// etag is stale now: the write through it is refused and reported.
	if err := s.Commit(ctx, []refdata.Write{{Key: b, Value: "b2"}, {Key: a, Value: "stale", ETag: etag}}); !errors.Is(err, refdata.ErrConflict) {
		t.Errorf("commit with a stale etag: %v, want ErrConflict", err)
	}
	if s.Get(ctx, a, &v); v != "committed" {
		t.Errorf("a stale etag's write was made: %q", v)
	}
	if err := s.DeleteIf(ctx, a, etag); !errors.Is(err, refdata.ErrConflict) {
		t.Errorf("delete with a stale etag: %v, want ErrConflict", err)
	}
	etag, _, _ = s.Get(ctx, a, &v)
	if err := s.DeleteIf(ctx, a, etag); err != nil {
		t.Errorf("delete with the current etag: %v", err)
	}
	if _, found, _ := s.Get(ctx, a, &v); found {
		t.Error("deleted key still there")
	}
	if err := s.Create(ctx, a, "again"); err != nil {
		t.Errorf("create after delete: %v", err)
	}
}
