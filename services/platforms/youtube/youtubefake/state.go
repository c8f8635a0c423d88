package youtubefake

import (
	"slices"
	"time"

	"webox-social/services/platforms/fakekit"
)

// App is an OAuth client created in the Google Cloud console.
type App struct {
	ClientID     string
	ClientSecret string
	// Type is Desktop (the default) or Web.
	Type string
	// RedirectURIs are a Web client's registered redirect URIs (matched exactly).
	RedirectURIs []string
}

// Channel is a YouTube channel.
type Channel struct {
	ID           string // "UC…"
	Title        string
	CustomURL    string // "@handle", may be empty
	Description  string
	ThumbnailURL string
}

// User is a Google account (or brand account identity) and the channels it manages.
// Real YouTube answers mine=true with the one channel of the identity chosen on the
// consent screen; a fake user with several channels exercises a client's chooser.
type User struct {
	ID       string
	Email    string
	Channels []Channel
}

// code is an issued authorization code.
type code struct {
	value, clientID, userID, redirect string
	challenge, method                 string
	scopes                            []string
	refresh                           bool // a refresh token is due at the exchange
	issued                            time.Time
}

// grant is what one consent gave one client for one user; revoking any of its tokens
// revokes the whole grant.
type grant struct {
	clientID, userID string
	scopes           []string
	revoked          bool
}

type accessToken struct {
	g       *grant
	expires time.Time
}

type refreshToken struct {
	value          string
	g              *grant
	issued, used   time.Time
	dead           bool
	expiresInTests bool // issued in Testing mode: dies after 7 days
}

type state struct {
	apps     map[string]*App
	users    map[string]*User
	codes    map[string]*code
	access   map[string]*accessToken
	refresh  map[string]*refreshToken
	consents map[string][]string // clientID+"\x00"+userID → scopes granted so far
}

func newState() state {
	return state{apps: map[string]*App{}, users: map[string]*User{}, codes: map[string]*code{},
		access: map[string]*accessToken{}, refresh: map[string]*refreshToken{}, consents: map[string][]string{}}
}

func consentKey(clientID, userID string) string { return clientID + "\x00" + userID }

func randomToken(prefix string) string { return prefix + fakekit.RandomToken(24) }

// RegisterApp creates an OAuth client; empty ClientID, ClientSecret and Type are filled
// in (a Desktop client). It returns the client as registered.
func (s *Server) RegisterApp(a App) App {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a.ClientID == "" {
		a.ClientID = randomToken("") + ".apps.googleusercontent.com"
	}
	if a.ClientSecret == "" {
		a.ClientSecret = randomToken("GOCSPX-")
	}
	if a.Type == "" {
		a.Type = Desktop
	}
	a.RedirectURIs = slices.Clone(a.RedirectURIs)
	s.st.apps[a.ClientID] = &a
	return a
}

// AddUser adds (or replaces) a Google account.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u.Channels = slices.Clone(u.Channels)
	s.st.users[u.ID] = &u
}

// AuthorizeAs makes userID the account that approves the next authorizations.
func (s *Server) AuthorizeAs(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.authUser = userID
}

// DenyAuthorization makes the consent screen answer access_denied while deny is true.
func (s *Server) DenyAuthorization(deny bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deny = deny
}

// GrantOnly makes the user untick every requested scope not in scopes on the granular
// consent screen; nil grants everything requested.
func (s *Server) GrantOnly(scopes []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.grantOnly = slices.Clone(scopes)
}

// RevokeUserGrants revokes every grant userID gave, as the user would on
// myaccount.google.com → Security → Third-party access.
func (s *Server) RevokeUserGrants(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revokeGrantsLocked(func(g *grant) bool { return g.userID == userID })
}

// ExpireRefreshToken kills one refresh token as if its lifetime had run out.
func (s *Server) ExpireRefreshToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.st.refresh[token]; t != nil {
		t.dead = true
	}
}

// AccessTokenValid reports whether token is a live access token.
func (s *Server) AccessTokenValid(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.access[token]
	return t != nil && !t.g.revoked && s.opts.Now().Before(t.expires)
}

// IssueAccessToken gives userID an access token with scopes without an OAuth flow,
// as if a client "test-client" had been granted them; it lives AccessTTL.
func (s *Server) IssueAccessToken(userID string, scopes ...string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := &grant{clientID: "test-client", userID: userID, scopes: slices.Clone(scopes)}
	tok := randomToken("ya29.")
	s.st.access[tok] = &accessToken{g: g, expires: s.opts.Now().Add(s.opts.AccessTTL)}
	return tok
}

// RefreshTokenValid reports whether token is a live refresh token.
func (s *Server) RefreshTokenValid(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.refresh[token]
	return t != nil && s.refreshAliveLocked(t, s.opts.Now())
}

// Calls returns how many requests an endpoint answered: "authorize", "token",
// "revoke", "channels", "insert" (upload sessions started), "upload" (session PUTs,
// chunks and status queries), "videos", "delete", "playlistItems" or "other"
// (failures injected by FailNext are not counted).
func (s *Server) Calls(endpoint string) int { return fakekit.Count(&s.mu, s.calls, endpoint) }

// LastAuthorize returns the query parameters of the last authorization request.
func (s *Server) LastAuthorize() map[string][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string][]string, len(s.lastAuth))
	for k, v := range s.lastAuth {
		out[k] = slices.Clone(v)
	}
	return out
}

// FailNext makes the next n requests to the token, revoke or API endpoints fail with
// status (500, 503, 429) before they are processed.
func (s *Server) FailNext(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.fails = append(s.fails, status)
	}
}

func (s *Server) popFailure() (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.fails) == 0 {
		return 0, false
	}
	status := s.fails[0]
	s.fails = s.fails[1:]
	return status, true
}

// refreshAliveLocked applies the refresh token lifetime rules at now.
func (s *Server) refreshAliveLocked(t *refreshToken, now time.Time) bool {
	switch {
	case t.dead || t.g.revoked:
		return false
	case t.expiresInTests && now.Sub(t.issued) >= 7*24*time.Hour:
		return false
	case now.Sub(t.used) >= s.opts.UnusedRefreshTTL:
		return false
	}
	return true
}

// revokeGrantsLocked revokes every grant match selects and forgets the consents.
func (s *Server) revokeGrantsLocked(match func(*grant) bool) {
	for _, t := range s.st.refresh {
		if match(t.g) {
			t.g.revoked = true
			delete(s.st.consents, consentKey(t.g.clientID, t.g.userID))
		}
	}
	for _, t := range s.st.access {
		if match(t.g) {
			t.g.revoked = true
			delete(s.st.consents, consentKey(t.g.clientID, t.g.userID))
		}
	}
}
