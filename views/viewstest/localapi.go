package viewstest

import (
	"context"
	"sync"

	"webox-social/app"
)

// LocalAPIFake is the fake's local API settings; Token is what SaveLocalAPI returns the
// first time the API is turned on.
type LocalAPIFake struct {
	mu       sync.Mutex
	Settings app.LocalAPISettings
	Token    string
	Saves    []app.LocalAPISettings
	issued   bool
}

var apiFakes sync.Map // *Core → *LocalAPIFake

// LocalAPI returns the local API part of the fake (off, on the default address).
func (c *Core) LocalAPI() *LocalAPIFake {
	v, _ := apiFakes.LoadOrStore(c, &LocalAPIFake{Settings: app.LocalAPISettings{Addr: app.DefaultLocalAPIAddr}, Token: "fake-token"})
	return v.(*LocalAPIFake)
}

// LocalAPISettings returns Settings.
func (c *Core) LocalAPISettings(context.Context) (app.LocalAPISettings, error) {
	f := c.LocalAPI()
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.Settings, nil
}

// SaveLocalAPI records the call and returns Token the first time the API is turned on.
func (c *Core) SaveLocalAPI(_ context.Context, s app.LocalAPISettings) (string, error) {
	f := c.LocalAPI()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Saves, f.Settings = append(f.Saves, s), s
	if s.Enabled && !f.issued {
		f.issued = true
		return f.Token, nil
	}
	return "", nil
}
