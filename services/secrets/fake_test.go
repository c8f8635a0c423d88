package secrets

import (
	"sync"

	"github.com/zalando/go-keyring"
)

// fakeBackend is an in-memory KeyringBackend that can fail every call, return a wrong value
// or block until released.
type fakeBackend struct {
	mu      sync.Mutex
	entries map[string]string // "service\x00user" → secret
	calls   int

	err     error         // returned by every call when set
	mangle  bool          // Get returns something else than what was set
	release chan struct{} // when set, every call waits for it to close
}

func newFakeBackend() *fakeBackend { return &fakeBackend{entries: map[string]string{}} }

func (f *fakeBackend) begin() error {
	if f.release != nil {
		<-f.release
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	return f.err
}

func (f *fakeBackend) Set(service, user, secret string) error {
	if err := f.begin(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.entries[service+"\x00"+user] = secret
	return nil
}

func (f *fakeBackend) Get(service, user string) (string, error) {
	if err := f.begin(); err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.entries[service+"\x00"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	if f.mangle {
		v += "-changed"
	}
	return v, nil
}

func (f *fakeBackend) Delete(service, user string) error {
	if err := f.begin(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.entries[service+"\x00"+user]; !ok {
		return keyring.ErrNotFound
	}
	delete(f.entries, service+"\x00"+user)
	return nil
}

func (f *fakeBackend) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func (f *fakeBackend) size() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.entries)
}
