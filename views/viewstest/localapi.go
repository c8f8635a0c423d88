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
	// ListenErr is what the server reports after a save that turns it on.
	ListenErr error
	state     app.LocalAPIState
	issued    bool
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
	f.state = app.LocalAPIState{}
	if s.Enabled {
		f.state = app.LocalAPIState{Listening: s.Addr, Err: f.ListenErr}
		if f.ListenErr != nil {
			f.state.Listening = ""
		}
	}
	if s.Enabled && !f.issued {
		f.issued = true
		return f.Token, nil
	}
	return "", nil
}

// LocalAPIState is what the fake server reported after the last save.
func (c *Core) LocalAPIState() app.LocalAPIState {
	f := c.LocalAPI()
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state
}
