// Package storetest is the contract every store.State and store.Blobs passes: Memory
// in unit tests, daprstore against a real sidecar and Redis in e2e/. What the steps'
// rules rely on is here: first write wins, Update applies each change exactly once
// however many updates race, a blob that failed to write is not there.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/store"
)

// StateContract checks s; it writes keys under prefix.
func StateContract(t *testing.T, s store.State, prefix string) {
	t.Helper()
	ctx := context.Background()
	a, n := prefix+"a", prefix+"counter"
	var v string
	if found, err := s.Get(ctx, a, &v); err != nil || found {
		t.Fatalf("get of a missing key: found %v, %v", found, err)
	}
	if err := s.Create(ctx, a, "first", time.Hour); err != nil {
		t.Fatalf("create: %v", err)
	}
	if err := s.Create(ctx, a, "second", 0); !errors.Is(err, store.ErrConflict) {
		t.Errorf("create of an existing key: %v, want ErrConflict", err)
	}
	if found, err := s.Get(ctx, a, &v); err != nil || !found || v != "first" {
		t.Fatalf("get after create: %q, found %v, %v", v, found, err)
	}
	if err := s.Put(ctx, a, "put", 0); err != nil {
		t.Fatalf("put over a first-write key: %v", err)
	}
	if s.Get(ctx, a, &v); v != "put" {
		t.Errorf("after put: %q", v)
	}
	// A claim is created first-write and later overwritten with a TTL (the creator's
	// File B name): Redis refuses a plain overwrite of a first-write key.
	c := prefix + "claim"
	if err := s.Create(ctx, c, "claimed", time.Hour); err != nil {
		t.Fatalf("create: %v", err)
	}
	if err := s.Put(ctx, c, "ready", time.Hour); err != nil {
		t.Fatalf("put with a TTL over a first-write key: %v", err)
	}
	if s.Get(ctx, c, &v); v != "ready" {
		t.Errorf("after put with a TTL: %q", v)
	}
	s.Delete(ctx, c)
	updates(t, s, n)
	removes(t, s, n)
	if err := s.Delete(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, a); err != nil {
		t.Errorf("delete of a missing key: %v", err)
	}
	if found, _ := s.Get(ctx, a, &v); found {
		t.Errorf("deleted key still there: %q", v)
	}
}

// updates: racing updates each apply once; Keep writes nothing; an error writes nothing.
func updates(t *testing.T, s store.State, key string) {
	ctx := context.Background()
	const racers = 12
	var wg sync.WaitGroup
	errs := make(chan error, racers)
	for range racers {
		wg.Go(func() {
			errs <- store.Update(ctx, s, key, func(c *int, found bool) (store.Op, error) {
				*c++
				return store.Write, nil
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("update: %v", err)
		}
	}
	boom := errors.New("boom")
	store.Update(ctx, s, key, func(c *int, _ bool) (store.Op, error) { *c = -1; return store.Keep, nil })
	err := store.Update(ctx, s, key, func(c *int, _ bool) (store.Op, error) { *c = -2; return store.Write, boom })
	if !errors.Is(err, boom) {
		t.Errorf("update whose change failed: %v, want its error", err)
	}
	var c int
	if found, err := s.Get(ctx, key, &c); err != nil || !found || c != racers {
		t.Errorf("after %d racing increments: %d (found %v, %v)", racers, c, found, err)
	}
}

// removes: Remove deletes the key; Remove of a missing key is no error.
func removes(t *testing.T, s store.State, key string) {
	ctx := context.Background()
	for range 2 {
		if err := store.Update(ctx, s, key, func(*int, bool) (store.Op, error) { return store.Remove, nil }); err != nil {
			t.Fatalf("remove: %v", err)
		}
	}
	var c int
	if found, _ := s.Get(ctx, key, &c); found {
		t.Errorf("removed key still there: %d", c)
	}
	err := store.Update(ctx, s, key, func(c *int, found bool) (store.Op, error) {
		if found {
			return store.Keep, fmt.Errorf("a removed key was found: %d", *c)
		}
		return store.Keep, nil
	})
	if err != nil {
		t.Error(err)
	}
}

// BlobsContract checks b; it writes blobs under prefix.
func BlobsContract(t *testing.T, b store.Blobs, prefix string) {
	t.Helper()
	ctx := context.Background()
	name := prefix + "one.txt"
	if _, err := b.Open(ctx, name); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("open of a missing blob: %v, want ErrNotFound", err)
	}
	content := bytes.Repeat([]byte("H,ACME,REF\n"), 1000)
	if err := b.Put(ctx, name, content); err != nil {
		t.Fatal(err)
	}
	if got := read(t, b, name); !bytes.Equal(got, content) {
		t.Errorf("read back %d bytes, want %d", len(got), len(content))
	}
	boom := errors.New("render failed")
	half := prefix + "half.xml"
	err := b.PutFrom(ctx, half, func(w io.Writer) error { w.Write([]byte("<x>")); return boom })
	if !errors.Is(err, boom) {
		t.Errorf("PutFrom whose write failed: %v, want its error", err)
	}
	if _, err := b.Open(ctx, half); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a failed write left a blob behind: %v", err)
	}
	if err := b.PutFrom(ctx, half, func(w io.Writer) error { _, err := w.Write([]byte("<x/>")); return err }); err != nil {
		t.Fatal(err)
	}
	if got := read(t, b, half); string(got) != "<x/>" {
		t.Errorf("PutFrom wrote %q", got)
	}
	for range 2 {
		if err := b.Delete(ctx, name); err != nil {
			t.Errorf("delete (again): %v", err)
		}
	}
	if _, err := b.Open(ctx, name); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("open of a deleted blob: %v", err)
	}
	b.Delete(ctx, half)
}

func read(t *testing.T, b store.Blobs, name string) []byte {
	t.Helper()
	r, err := b.Open(context.Background(), name)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	defer r.Close()
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return got
}
