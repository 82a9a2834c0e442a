package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/store"
	"github.com/paychoreo/choreography/internal/store/storetest"
)

func TestMemoryStateContract(t *testing.T) {
	storetest.StateContract(t, &store.Memory{}, "contract|")
}

func TestMemoryBlobsContract(t *testing.T) {
	storetest.BlobsContract(t, &store.MemoryBlobs{}, "contract/")
}

// A key written with a TTL is gone once it has passed; a later write without one keeps
// that expiry (as Dapr's Redis store does).
func TestMemoryTTL(t *testing.T) {
	now := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	m := &store.Memory{Now: func() time.Time { return now }}
	ctx := context.Background()
	m.Put(ctx, "k", 1, time.Minute)
	m.Put(ctx, "k", 2, 0)
	now = now.Add(2 * time.Minute)
	var v int
	if found, _ := m.Get(ctx, "k", &v); found {
		t.Errorf("expired key still there: %d", v)
	}
	if err := m.Create(ctx, "k", 3, 0); err != nil {
		t.Errorf("create over an expired key: %v", err)
	}
}

func TestFolderContract(t *testing.T) {
	storetest.BlobsContract(t, store.Folder(t.TempDir()), "contract/")
}
