package secrets

import (
	"fmt"
	"slices"
	"sync"

	"webox-social/services/model"
)

// Memory is an in-memory Store for tests of other packages. The zero value is ready to use
// and safe for concurrent use. Like the other stores, Get and Delete of a missing key return
// an error wrapping model.ErrNotFound.
type Memory struct {
	mu      sync.Mutex
	entries map[string]string
}

// NewMemory returns an empty Memory.
func NewMemory() *Memory { return &Memory{} }

// Set stores value under key, replacing any previous value.
func (m *Memory) Set(key, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = map[string]string{}
	}
	m.entries[key] = value
	return nil
}

// Get returns the value stored under key, or an error wrapping model.ErrNotFound.
func (m *Memory) Get(key string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	value, ok := m.entries[key]
	if !ok {
		return "", fmt.Errorf("secrets: memory get %q: %w", key, model.ErrNotFound)
	}
	return value, nil
}

// Delete removes key, or returns an error wrapping model.ErrNotFound when it is absent.
func (m *Memory) Delete(key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.entries[key]; !ok {
		return fmt.Errorf("secrets: memory delete %q: %w", key, model.ErrNotFound)
	}
	delete(m.entries, key)
	return nil
}

// Keys returns the stored keys in sorted order, so tests can check what was saved or
// cleaned up without reading values.
func (m *Memory) Keys() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys := make([]string, 0, len(m.entries))
	for k := range m.entries {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
