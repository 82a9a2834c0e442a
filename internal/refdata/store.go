package refdata

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
)

// ErrConflict is a conditional write that lost: the key exists already (Create) or its
// ETag changed since it was read.
var ErrConflict = errors.New("refdata: state write conflict")

// Store is the refdata state store as versions need it. The Dapr adapter is in
// cmd/choreo; Memory is the one for tests.
type Store interface {
	// Get reads key's JSON value into v; found is false when the key does not exist.
	Get(ctx context.Context, key string, v any) (etag string, found bool, err error)
	// Create writes v under key only if the key does not exist yet (ErrConflict else).
	Create(ctx context.Context, key string, v any) error
	// DeleteIf removes key only if it still has etag (ErrConflict else).
	DeleteIf(ctx context.Context, key, etag string) error
	// Commit writes every item in one transaction: nobody sees some written and others
	// not. A write with an ETag is made only if the key still has it; one that does not
	// makes Commit return ErrConflict. Dapr's Redis store does not roll the others back
	// (and Memory does the same), so the keeper never counts on a rollback.
	Commit(ctx context.Context, writes []Write) error
}

// Write is one item of a Commit.
type Write struct {
	Key   string
	Value any
	ETag  string // "" writes whatever is there
}

// Memory is a Store in memory, with Dapr's Redis store's semantics.
type Memory struct {
	mu   sync.Mutex
	data map[string]memItem
}

type memItem struct {
	value []byte
	etag  int
}

func (m *Memory) Get(_ context.Context, key string, v any) (string, bool, error) {
	m.mu.Lock()
	it, ok := m.data[key]
	m.mu.Unlock()
	if !ok {
		return "", false, nil
	}
	return strconv.Itoa(it.etag), true, json.Unmarshal(it.value, v)
}

func (m *Memory) Create(_ context.Context, key string, v any) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.data[key]; ok {
		return fmt.Errorf("create %s: %w", key, ErrConflict)
	}
	return m.put(key, v)
}

func (m *Memory) DeleteIf(_ context.Context, key, etag string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if it, ok := m.data[key]; ok && strconv.Itoa(it.etag) != etag {
		return fmt.Errorf("delete %s: %w", key, ErrConflict)
	}
	delete(m.data, key)
	return nil
}

func (m *Memory) Commit(_ context.Context, writes []Write) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	var errs []error
	for _, w := range writes {
		if it, ok := m.data[w.Key]; ok && w.ETag != "" && strconv.Itoa(it.etag) != w.ETag {
			errs = append(errs, fmt.Errorf("commit %s: %w", w.Key, ErrConflict))
			continue // the other writes are made all the same, as in Redis
		}
		if err := m.put(w.Key, w.Value); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (m *Memory) put(key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	if m.data == nil {
		m.data = map[string]memItem{}
	}
	m.data[key] = memItem{value: b, etag: m.data[key].etag + 1}
	return nil
}
