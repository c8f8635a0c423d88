package localapi

import (
	"context"
	"crypto/rand"
	"errors"
	"net/http"
	"slices"
	"sync"
	"time"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/wire"
)

// Connecting an account through the API. A browser sign-in cannot finish inside one
// request: GET connect/{platform} starts it and answers with the authorization address
// as soon as the network's flow produces it; the user approves in a browser, which
// comes back to the app's loopback listener; the script follows the connection at
// connect/{platform}/{connection} until it is connected or failed. When the network
// sends the browser to a registered https address instead of the loopback one, the
// script posts that address to callback/{platform} (the seed's callback route).

const (
	// connectTimeout bounds a whole connection, from the address to the approval.
	connectTimeout = 10 * time.Minute
	// urlTimeout bounds the wait for the authorization address inside the first request
	// (Mastodon registers the app with the instance before there is one).
	urlTimeout = 30 * time.Second
	// keepFinished is how long a finished connection can still be read.
	keepFinished = 10 * time.Minute
)

// Connection states, as the API reports them.
const (
	connWaiting   = "waiting"
	connConnected = "connected"
	connFailed    = "failed"
	connCancelled = "cancelled"
)

// connection is one account connection started through the API.
type connection struct {
	id       string
	platform model.Platform
	cancel   context.CancelFunc
	pasted   chan string
	url      chan string   // receives the authorization address once
	done     chan struct{} // closed when the flow has ended

	mu       sync.Mutex
	authURL  string
	status   string
	accounts []model.Account
	err      error
	ended    time.Time
}

// connections holds the connections started through the API, by id.
type connections struct {
	mu sync.Mutex
	m  map[string]*connection
}

// add registers c, forgetting connections finished more than keepFinished ago.
func (cs *connections) add(c *connection, now time.Time) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cs.m == nil {
		cs.m = map[string]*connection{}
	}
	for id, old := range cs.m {
		if ended := old.endedAt(); !ended.IsZero() && now.Sub(ended) > keepFinished {
			delete(cs.m, id)
		}
	}
	cs.m[c.id] = c
}

func (cs *connections) get(id string, p model.Platform) (*connection, bool) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	c, ok := cs.m[id]
	return c, ok && c.platform == p
}

func (cs *connections) remove(id string) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	delete(cs.m, id)
}

func (c *connection) endedAt() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ended
}

// finish records the outcome of the flow.
func (c *connection) finish(accounts []model.Account, err error, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.accounts, c.err, c.ended = accounts, err, now
	switch {
	case err == nil:
		c.status = connConnected
	case errors.Is(err, context.Canceled):
		c.status = connCancelled
	default:
		c.status = connFailed
	}
}

// connectionJSON is what the connection routes answer.
type connectionJSON struct {
	ConnectionID     string         `json:"connection_id"`
	Platform         string         `json:"platform"`
	Status           string         `json:"status"`
	AuthorizationURL string         `json:"authorization_url,omitempty"`
	StatusURL        string         `json:"status_url"`
	Accounts         []wire.Account `json:"accounts,omitempty"`
	Error            *errorDetail   `json:"error,omitempty"`
}

func (c *connection) json() connectionJSON {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := connectionJSON{ConnectionID: c.id, Platform: string(c.platform), Status: c.status,
		AuthorizationURL: c.authURL, StatusURL: "/api/social/connect/" + string(c.platform) + "/" + c.id}
	if c.status == connConnected {
		out.Accounts = wire.Map(c.accounts, wire.AccountOf)
	}
	if c.err != nil {
		_, code := statusOf(c.err)
		out.Error = &errorDetail{Code: code, Message: app.UserMessage(c.err)}
	}
	return out
}

// networkInfo finds how accounts of the {platform} path value connect; it writes a 404
// when the network is unknown or cannot be connected.
func (s *server) networkInfo(w http.ResponseWriter, r *http.Request) (app.AuthInfo, bool) {
	p := model.Platform(r.PathValue("platform"))
	nets := s.core.Networks()
	i := slices.IndexFunc(nets, func(n app.AuthInfo) bool { return n.Platform == p })
	if i < 0 {
		writeError(w, http.StatusNotFound, "unknown_platform", "Webox Social cannot connect accounts of the network "+string(p)+".")
		return app.AuthInfo{}, false
	}
	return nets[i], true
}

// connectStart starts a browser sign-in and answers with its authorization address.
func (s *server) connectStart(w http.ResponseWriter, r *http.Request) {
	info, ok := s.networkInfo(w, r)
	if !ok {
		return
	}
	if info.Method == methodPassword {
		writeError(w, http.StatusMethodNotAllowed, "use_post", info.Platform.Title()+
			" signs in with an app password: POST {\"identifier\", \"password\"} to this address.")
		return
	}
	q := r.URL.Query()
	c := s.startConnection(info.Platform, app.ConnectOptions{InstanceURL: q.Get("instance_url"),
		ViaFacebook: q.Get("via_facebook") == "true"})
	select {
	case <-c.url:
		writeJSON(w, http.StatusAccepted, c.json())
	case <-c.done:
		s.conns.remove(c.id)
		c.mu.Lock()
		err := c.err
		c.mu.Unlock()
		writeAppError(w, err)
	case <-time.After(urlTimeout):
		c.cancel()
		writeError(w, http.StatusGatewayTimeout, "timeout", info.Platform.Title()+" did not give an authorization address in time; try again.")
	case <-r.Context().Done():
		c.cancel()
	}
}

// methodPassword is AuthInfo.Method of networks that sign in with an app password.
const methodPassword = "app-password"

// startConnection runs ConnectAccount in the background for the connection it returns.
func (s *server) startConnection(p model.Platform, o app.ConnectOptions) *connection {
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	c := &connection{id: rand.Text(), platform: p, cancel: cancel, status: connWaiting,
		pasted: make(chan string, 1), url: make(chan string, 1), done: make(chan struct{})}
	o.Pasted = c.pasted
	o.OpenURL = func(u string) error {
		c.mu.Lock()
		first := c.authURL == ""
		c.authURL = u
		c.mu.Unlock()
		if first {
			c.url <- u
		}
		return nil
	}
	s.conns.add(c, s.now())
	go func() {
		defer cancel()
		defer close(c.done)
		accounts, err := s.core.ConnectAccount(ctx, p, o)
		c.finish(accounts, err, s.now())
	}()
	return c
}

// connectPassword connects an app-password network (Bluesky) in one request.
func (s *server) connectPassword(w http.ResponseWriter, r *http.Request) {
	info, ok := s.networkInfo(w, r)
	if !ok {
		return
	}
	if info.Method != methodPassword {
		writeError(w, http.StatusMethodNotAllowed, "use_get", info.Platform.Title()+
			" signs in through a browser: GET this address for the authorization address.")
		return
	}
	var in passwordInput
	if !decode(w, r, &in) {
		return
	}
	accounts, err := s.core.ConnectAccount(r.Context(), info.Platform,
		app.ConnectOptions{Identifier: in.Identifier, Password: in.Password, InstanceURL: in.InstanceURL})
	if err != nil {
		writeAppError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, accountsOut{Accounts: wire.Map(accounts, wire.AccountOf)})
}

// connection finds the {connection} of the {platform}; it writes a 404 when there is none.
func (s *server) connection(w http.ResponseWriter, r *http.Request, id string) (*connection, bool) {
	c, ok := s.conns.get(id, model.Platform(r.PathValue("platform")))
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", "There is no connection in progress with that id; it may have finished more than 10 minutes ago.")
	}
	return c, ok
}

func (s *server) connectStatus(w http.ResponseWriter, r *http.Request) {
	if c, ok := s.connection(w, r, r.PathValue("connection")); ok {
		writeJSON(w, http.StatusOK, c.json())
	}
}

func (s *server) connectCancel(w http.ResponseWriter, r *http.Request) {
	c, ok := s.connection(w, r, r.PathValue("connection"))
	if !ok {
		return
	}
	c.cancel()
	<-c.done
	w.WriteHeader(http.StatusNoContent)
}

// connectCallback hands the address the browser ended on to the connection waiting for it.
func (s *server) connectCallback(w http.ResponseWriter, r *http.Request) {
	var in callbackInput
	if !decode(w, r, &in) {
		return
	}
	c, ok := s.connection(w, r, in.ConnectionID)
	if !ok {
		return
	}
	select {
	case <-c.done:
		writeError(w, http.StatusConflict, "finished", "This connection has already finished.")
		return
	default:
	}
	select {
	case c.pasted <- in.URL:
	default:
		writeError(w, http.StatusConflict, "busy", "An address for this connection is already being checked.")
		return
	}
	writeJSON(w, http.StatusAccepted, c.json())
}
