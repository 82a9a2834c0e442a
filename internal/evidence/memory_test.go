package evidence_test

import (
	"context"
	"fmt"
	"sync"

	"github.com/paychoreo/choreography/internal/evidence"
)

// memory is the in-memory store the tests run on: areas of named blobs. Create refuses
// nothing (as localstorage, which overwrites), so the tests see what Write itself does.
type memory struct {
	mu     sync.Mutex
	blobs  map[string][]byte // "<area>/<name>"
	writes int
	fail   error // returned by every Get when set
}

func newMemory() *memory { return &memory{blobs: map[string][]byte{}} }

func (m *memory) areas() evidence.Areas {
	return func(area string) evidence.Blobs { return memArea{m, area} }
}

func (m *memory) put(area, name string, data []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.blobs[area+"/"+name] = append([]byte(nil), data...)
}

func (m *memory) get(area, name string) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.blobs[area+"/"+name]
}

func (m *memory) remove(area, name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.blobs, area+"/"+name)
}

type memArea struct {
	m    *memory
	area string
}

func (a memArea) Get(_ context.Context, name string) ([]byte, error) {
	a.m.mu.Lock()
	defer a.m.mu.Unlock()
	if a.m.fail != nil {
		return nil, a.m.fail
	}
	b, ok := a.m.blobs[a.area+"/"+name]
	if !ok {
		return nil, fmt.Errorf("%s/%s: %w", a.area, name, evidence.ErrNotFound)
	}
	return append([]byte(nil), b...), nil
}

func (a memArea) Create(_ context.Context, name string, data []byte) error {
	a.m.mu.Lock()
	defer a.m.mu.Unlock()
	a.m.writes++
	a.m.blobs[a.area+"/"+name] = append([]byte(nil), data...)
	return nil
}
