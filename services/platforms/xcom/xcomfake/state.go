package xcomfake

import (
	"slices"
	"strconv"
	"time"

	"webox-social/services/platforms/fakekit"
)

// App is a registered developer app. It is a confidential client when ClientSecret is
// set (Web App, Automated App) and a public one otherwise (Native App, SPA).
type App struct {
	ClientID     string
	ClientSecret string
	// RedirectURIs are the callback URLs; X matches them exactly (at most 10).
	RedirectURIs []string
}

// Confidential reports whether the app authenticates with HTTP Basic.
func (a App) Confidential() bool { return a.ClientSecret != "" }

// User is an X account.
type User struct {
	ID              string
	Name            string
	Username        string
	ProfileImageURL string
}

// grant is an issued authorization code.
type grant struct {
	code        string
	clientID    string
	userID      string
	redirectURI string
	scopes      []string
	challenge   string
	method      string // S256 or plain
	createdAt   time.Time
}

// Token is an access or refresh token. Tokens from one authorization share a Family.
type Token struct {
	Value     string
	Refresh   bool
	ClientID  string
	UserID    string
	Scopes    []string
	Family    string
	ExpiresAt time.Time // zero: never
	Used      bool      // a refresh token already rotated
	Revoked   bool
}

func (t *Token) alive(now time.Time) bool {
	return !t.Revoked && !t.Used && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

type state struct {
	apps    map[string]*App
	users   map[string]*User // by username
	codes   map[string]*grant
	tokens  map[string]*Token
	windows map[string]int // rate-limit counts by user, route and window
	limits  map[string]int // per-route limit overrides (SetLimit)
	tweets  []*Tweet       // in creation order
	media   map[string]*media
	nextID  int64
	// failNext is the processing failure for the next video or GIF (FailProcessing).
	failNext string
}

func newState() state {
	return state{apps: map[string]*App{}, users: map[string]*User{}, codes: map[string]*grant{},
		tokens: map[string]*Token{}, windows: map[string]int{}, limits: map[string]int{},
		media: map[string]*media{}, nextID: 1_600_000_000_000_000_000}
}

// RegisterApp adds (or replaces) a developer app.
func (s *Server) RegisterApp(app App) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := app
	a.RedirectURIs = slices.Clone(app.RedirectURIs)
	s.st.apps[a.ClientID] = &a
}

// AddUser adds (or replaces) a user; an empty ID gets a snowflake-like one.
func (s *Server) AddUser(u User) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	return *s.addUserLocked(u)
}

func (s *Server) addUserLocked(u User) *User {
	if u.ID == "" {
		s.st.nextID++
		u.ID = strconv.FormatInt(s.st.nextID, 10)
	}
	if u.Name == "" {
		u.Name = u.Username
	}
	if u.ProfileImageURL == "" {
		u.ProfileImageURL = "https://pbs.twimg.com/profile_images/" + u.ID + "/" + u.Username + "_normal.jpg"
	}
	s.st.users[u.Username] = &u
	return &u
}

func (s *Server) userLocked(username string) *User {
	if u := s.st.users[username]; u != nil {
		return u
	}
	return s.addUserLocked(User{Username: username})
}

func (s *Server) userByIDLocked(id string) *User {
	for _, u := range s.st.users {
		if u.ID == id {
			return u
		}
	}
	return nil
}

// SetAuthorizeUser picks the user who approves the next authorizations.
func (s *Server) SetAuthorizeUser(username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.AuthorizeUser = username
}

// SetDeny makes the authorize endpoint answer access_denied (the user clicked Cancel).
func (s *Server) SetDeny(deny bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deny = deny
}

// IssueTokens gives username an access token (and a refresh token when scopes include
// offline.access) for clientID without going through OAuth.
func (s *Server) IssueTokens(clientID, username string, scopes ...string) (access, refresh string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, r := s.issueLocked(clientID, s.userLocked(username).ID, scopes, randomToken(), s.opts.Now())
	if r != nil {
		refresh = r.Value
	}
	return a.Value, refresh
}

// RevokeToken revokes one token as POST /2/oauth2/revoke would; revoking a refresh
// token revokes its whole family.
func (s *Server) RevokeToken(value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revokeLocked(value)
}

// ExpireToken makes one token expire now.
func (s *Server) ExpireToken(value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.st.tokens[value]; t != nil {
		t.ExpiresAt = s.opts.Now().Add(-time.Second)
	}
}

// TokenInfo returns a copy of a token's record, for assertions.
func (s *Server) TokenInfo(value string) (Token, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.tokens[value]
	if t == nil {
		return Token{}, false
	}
	return *t, true
}

// Calls is how many requests a route (Route* constants) received.
func (s *Server) Calls(route string) int { return fakekit.Count(&s.mu, s.calls, route) }

// issueLocked creates an access token and, with offline.access, a refresh token.
func (s *Server) issueLocked(clientID, userID string, scopes []string, family string, now time.Time) (*Token, *Token) {
	access := &Token{Value: randomToken(), ClientID: clientID, UserID: userID, Scopes: slices.Clone(scopes),
		Family: family, ExpiresAt: now.Add(s.opts.AccessTTL)}
	s.st.tokens[access.Value] = access
	if !slices.Contains(scopes, "offline.access") {
		return access, nil
	}
	refresh := &Token{Value: randomToken(), Refresh: true, ClientID: clientID, UserID: userID,
		Scopes: slices.Clone(scopes), Family: family}
	if s.opts.RefreshTTL > 0 {
		refresh.ExpiresAt = now.Add(s.opts.RefreshTTL)
	}
	s.st.tokens[refresh.Value] = refresh
	return access, refresh
}

func (s *Server) revokeLocked(value string) {
	t := s.st.tokens[value]
	if t == nil {
		return
	}
	if t.Refresh {
		s.killFamilyLocked(t.Family)
		return
	}
	t.Revoked = true
}

func (s *Server) killFamilyLocked(family string) {
	for _, t := range s.st.tokens {
		if t.Family == family {
			t.Revoked = true
		}
	}
}

func randomToken() string { return fakekit.RandomToken(48) }
