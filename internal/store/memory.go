package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"
)

// Memory is a State in one process, with the semantics of Dapr's Redis store. Its
// zero value is ready to use.
type Memory struct {
	mu   sync.Mutex
	data map[string]memItem
	// Now is the clock TTLs are read against (time.Now when nil).
	Now func() time.Time
}

type memItem struct {
	value   []byte
	expires time.Time // zero: never
}

func (m *Memory) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

// current is key's live value, nil when missing or expired; m.mu is held.
func (m *Memory) current(key string) []byte {
	it, ok := m.data[key]
	if !ok || !it.expires.IsZero() && !m.now().Before(it.expires) {
		return nil
	}
	return it.value
}

func (m *Memory) set(key string, v any, ttl time.Duration) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	m.setRaw(key, b, ttl)
	return nil
}

func (m *Memory) setRaw(key string, b []byte, ttl time.Duration) {
	if m.data == nil {
		m.data = map[string]memItem{}
	}
	it := memItem{value: b}
	if ttl > 0 {
		it.expires = m.now().Add(ttl)
	} else if old, ok := m.data[key]; ok && ttl == 0 {
		it.expires = old.expires // as Redis: a write without a TTL keeps the key's expiry
	}
	m.data[key] = it
}

func (m *Memory) Get(_ context.Context, key string, v any) (bool, error) {
	m.mu.Lock()
	b := m.current(key)
	m.mu.Unlock()
	if b == nil {
		return false, nil
	}
	return true, json.Unmarshal(b, v)
}

func (m *Memory) Create(_ context.Context, key string, v any, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.current(key) != nil {
		return fmt.Errorf("create %s: %w", key, ErrConflict)
	}
	return m.set(key, v, ttl)
}

func (m *Memory) Put(_ context.Context, key string, v any, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.set(key, v, ttl)
}

func (m *Memory) Delete(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.data, key)
	return nil
}

// Update runs change under the store's lock: in memory nobody can write in between.
func (m *Memory) Update(_ context.Context, key string, change func([]byte) ([]byte, Op, error), opts ...UpdateOption) error {
	ttl := UpdateOptions(opts).TTL
	m.mu.Lock()
	defer m.mu.Unlock()
	next, op, err := change(m.current(key))
	switch {
	case err != nil:
		return err
	case op == Write:
		m.setRaw(key, next, ttl)
	case op == Remove:
		delete(m.data, key)
	}
	return nil
}

// Keys is how many live keys the store holds, for tests that want nothing left behind.
func (m *Memory) Keys() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for k := range m.data {
		if m.current(k) != nil {
			n++
		}
	}
	return n
}

// MemoryBlobs is a Blobs in one process. Its zero value is ready to use.
type MemoryBlobs struct {
	mu   sync.Mutex
	data map[string][]byte
}

func (m *MemoryBlobs) Open(_ context.Context, name string) (io.ReadCloser, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.data[name]
	if !ok {
		return nil, fmt.Errorf("open %s: %w", name, ErrNotFound)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

func (m *MemoryBlobs) Put(_ context.Context, name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.data == nil {
		m.data = map[string][]byte{}
	}
	m.data[name] = bytes.Clone(data)
	return nil
}

func (m *MemoryBlobs) PutFrom(ctx context.Context, name string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	return m.Put(ctx, name, buf.Bytes())
}

func (m *MemoryBlobs) Delete(_ context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.data, name)
	return nil
}

// Names lists the blobs held, for tests.
func (m *MemoryBlobs) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for k := range m.data {
		out = append(out, k)
	}
	return out
}
