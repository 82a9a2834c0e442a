package azurite_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/azurite"
	"github.com/paychoreo/choreography/internal/testpipe"
)

// resources reads the shipped components/azurite, as the uploader does.
func resources(t *testing.T) azurite.Resources {
	r, err := azurite.LoadResources(filepath.Join(testpipe.Root, "components", "azurite"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Containers["outbox"] != "outbox" {
		t.Fatalf("components/azurite read as %+v", r)
	}
	return r
}

// TestAgainstAzurite signs real requests: blobs with awkward names, listing, leases. It needs Azurite (make test starts it).
func TestAgainstAzurite(t *testing.T) {
	r := resources(t)
	// Leaving azurite out of CHOREO_PROFILES is a choice on a developer's machine (make
	// test sets all three); under CI=true it is a run that would pass without Azurite.
	if !slices.Contains(testpipe.Profiles(), "azurite") {
		testpipe.Need(t, "the azurite profile", fmt.Errorf("CHOREO_PROFILES=%q leaves it out", os.Getenv("CHOREO_PROFILES")))
	}
	c, err := net.DialTimeout("tcp", "127.0.0.1:10000", time.Second)
	testpipe.Need(t, "Azurite on 127.0.0.1:10000", err)
	c.Close()
	ctx := context.Background()
	a := r.Account
	container := fmt.Sprintf("client-test-%d", os.Getpid())
	t.Cleanup(func() { a.DeleteContainer(ctx, container) })
	if err := a.PutBlob(ctx, container, "x", nil); !errors.Is(err, azurite.ErrNotFound) {
		t.Fatalf("put into a missing container: %v", err)
	}
	if err := a.CreateContainer(ctx, container); err != nil {
		t.Fatal(err)
	}
	names := []string{"plain.csv", "pay ment;$(id).csv", "nested/dir.csv", "f-1/ümlaut.csv"}
	for _, n := range names {
		if err := a.PutBlob(ctx, container, n, []byte("content of "+n)); err != nil {
			t.Fatalf("put %q: %v", n, err)
		}
		if b, err := a.GetBlob(ctx, container, n); err != nil || string(b) != "content of "+n {
			t.Errorf("get %q = %q, %v", n, b, err)
		}
	}
	got, err := a.ListBlobs(ctx, container, "")
	slices.Sort(got)
	want := slices.Clone(names)
	slices.Sort(want)
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("list = %q, %v; want %q", got, err, want)
	}
	if got, _ := a.ListBlobs(ctx, container, "nested/"); !slices.Equal(got, []string{"nested/dir.csv"}) {
		t.Errorf("list nested/ = %q", got)
	}
	if _, err := a.GetBlob(ctx, container, "missing"); !errors.Is(err, azurite.ErrNotFound) {
		t.Errorf("get missing: %v", err)
	}
	if err := a.Lease(ctx, container, "plain.csv"); err != nil {
		t.Fatal(err)
	}
	if err := a.PutBlob(ctx, container, "plain.csv", []byte("again")); err == nil {
		t.Error("a leased blob was overwritten")
	}
	if err := a.BreakLease(ctx, container, "plain.csv"); err != nil {
		t.Fatal(err)
	}
	if err := a.PutBlob(ctx, container, "plain.csv", []byte("again")); err != nil {
		t.Errorf("write after the lease was broken: %v", err)
	}
}
