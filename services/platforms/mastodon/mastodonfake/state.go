package mastodonfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

// State is everything the fake knows; it is what a state file holds.
type State struct {
	LastID      int64                        `json:"last_id"`
	Apps        map[string]*App              `json:"apps"`     // by client_id
	Accounts    map[string]*Account          `json:"accounts"` // by id
	Tokens      map[string]*Token            `json:"tokens"`   // by access token
	Codes       map[string]*Grant            `json:"codes"`    // by authorization code
	Statuses    []*Status                    `json:"statuses"` // creation order, deleted ones kept
	Scheduled   []*ScheduledStatus           `json:"scheduled"`
	Media       map[string]*Media            `json:"media"`       // by id
	Idempotency map[string]*IdempotencyEntry `json:"idempotency"` // by account id + key
}

// App is a registered OAuth application.
type App struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Website      string    `json:"website"`
	ClientID     string    `json:"client_id"`
	ClientSecret string    `json:"client_secret"`
	RedirectURIs []string  `json:"redirect_uris"`
	Scopes       []string  `json:"scopes"`
	CreatedAt    time.Time `json:"created_at"`
}

// Account is a local user.
type Account struct {
	ID             string    `json:"id"`
	Username       string    `json:"username"`
	DisplayName    string    `json:"display_name"`
	FollowersCount int       `json:"followers_count"`
	CreatedAt      time.Time `json:"created_at"`
}

// Token is an access token; tokens never expire, they are only revoked.
type Token struct {
	Value     string    `json:"value"`
	AccountID string    `json:"account_id"`
	ClientID  string    `json:"client_id"`
	Scopes    []string  `json:"scopes"`
	Revoked   bool      `json:"revoked"`
	CreatedAt time.Time `json:"created_at"`
}

// Grant is an authorization code waiting for its exchange.
type Grant struct {
	Code        string    `json:"code"`
	ClientID    string    `json:"client_id"`
	AccountID   string    `json:"account_id"`
	RedirectURI string    `json:"redirect_uri"`
	Scopes      []string  `json:"scopes"`
	Challenge   string    `json:"challenge"`
	CreatedAt   time.Time `json:"created_at"`
}

// Status is a created status as the fake stores it.
type Status struct {
	ID             string    `json:"id"`
	AccountID      string    `json:"account_id"`
	ClientID       string    `json:"client_id"`
	Text           string    `json:"text"`
	SpoilerText    string    `json:"spoiler_text"`
	Visibility     string    `json:"visibility"`
	Language       string    `json:"language"`
	Sensitive      bool      `json:"sensitive"`
	InReplyToID    string    `json:"in_reply_to_id"`
	MediaIDs       []string  `json:"media_ids"`
	IdempotencyKey string    `json:"idempotency_key"`
	CreatedAt      time.Time `json:"created_at"`
	Deleted        bool      `json:"deleted"`
	Replies        int       `json:"replies"`
	Reblogs        int       `json:"reblogs"`
	Favourites     int       `json:"favourites"`
}

// ScheduledStatus is a status waiting for its scheduled_at. The fake publishes it once
// its clock reaches scheduled_at, as the instance's scheduler would.
type ScheduledStatus struct {
	ID             string    `json:"id"`
	AccountID      string    `json:"account_id"`
	ClientID       string    `json:"client_id"`
	ScheduledAt    time.Time `json:"scheduled_at"`
	Text           string    `json:"text"`
	Visibility     string    `json:"visibility"`
	MediaIDs       []string  `json:"media_ids"`
	IdempotencyKey string    `json:"idempotency_key"`
}

// Media is an uploaded attachment.
type Media struct {
	ID          string    `json:"id"`
	AccountID   string    `json:"account_id"`
	Type        string    `json:"type"` // image, gifv, video, audio
	Mime        string    `json:"mime"`
	Size        int64     `json:"size"`
	Description string    `json:"description"`
	StatusID    string    `json:"status_id"`
	PollsLeft   int       `json:"polls_left"` // 206 answers still to give
	CreatedAt   time.Time `json:"created_at"`
}

// IdempotencyEntry maps an account's Idempotency-Key to what it created, for 1 hour.
type IdempotencyEntry struct {
	StatusID  string    `json:"status_id"`
	Scheduled bool      `json:"scheduled"`
	ExpiresAt time.Time `json:"expires_at"`
}

func newState() *State {
	return &State{
		Apps: map[string]*App{}, Accounts: map[string]*Account{}, Tokens: map[string]*Token{},
		Codes: map[string]*Grant{}, Media: map[string]*Media{}, Idempotency: map[string]*IdempotencyEntry{},
	}
}

// nextID returns a Mastodon-style snowflake id: milliseconds << 16, strictly increasing.
func (s *Server) nextID(now time.Time) string {
	id := now.UnixMilli() << 16
	if id <= s.st.LastID {
		id = s.st.LastID + 1
	}
	s.st.LastID = id
	return strconv.FormatInt(id, 10)
}

func idLess(a, b string) bool {
	x, _ := strconv.ParseInt(a, 10, 64)
	y, _ := strconv.ParseInt(b, 10, 64)
	return x < y
}

func (s *Server) load(path string) error {
	if !fileExists(path) {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("mastodonfake: read state: %w", err)
	}
	st := newState()
	if err := json.Unmarshal(data, st); err != nil {
		return fmt.Errorf("mastodonfake: parse state %s: %w", path, err)
	}
	s.st = st
	return nil
}

func (s *Server) saveLocked(path string) error {
	data, err := json.MarshalIndent(s.st, "", "  ")
	if err != nil {
		return fmt.Errorf("mastodonfake: encode state: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".mastodonfake-*")
	if err != nil {
		return fmt.Errorf("mastodonfake: save state: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("mastodonfake: save state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("mastodonfake: save state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("mastodonfake: save state: %w", err)
	}
	return nil
}

// Statuses returns every status created so far, deleted ones included (Deleted set), in
// creation order; scheduled statuses whose time has come on the fake's clock are
// published first.
func (s *Server) Statuses() []Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.publishDueLocked(s.opts.Now().UTC())
	out := make([]Status, 0, len(s.st.Statuses))
	for _, st := range s.st.Statuses {
		c := *st
		c.MediaIDs = slices.Clone(st.MediaIDs)
		out = append(out, c)
	}
	return out
}

// ScheduledStatuses returns the scheduled statuses still waiting: those whose time has
// come on the fake's clock are published first.
func (s *Server) ScheduledStatuses() []ScheduledStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.publishDueLocked(s.opts.Now().UTC())
	out := make([]ScheduledStatus, 0, len(s.st.Scheduled))
	for _, st := range s.st.Scheduled {
		out = append(out, *st)
	}
	return out
}

// MediaAttachments returns every uploaded attachment, oldest first.
func (s *Server) MediaAttachments() []Media {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Media, 0, len(s.st.Media))
	for _, m := range s.st.Media {
		out = append(out, *m)
	}
	slices.SortFunc(out, func(a, b Media) int {
		if idLess(a.ID, b.ID) {
			return -1
		}
		return 1
	})
	return out
}

// Apps returns every registered application.
func (s *Server) Apps() []App {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]App, 0, len(s.st.Apps))
	for _, a := range s.st.Apps {
		out = append(out, *a)
	}
	return out
}

// IssueToken creates the account username if needed and returns a new access token for
// it with the scopes "read write follow push profile", as if it had gone through OAuth.
func (s *Server) IssueToken(username string) string {
	return s.IssueTokenScopes(username, "read", "write", "follow", "push", "profile")
}

// IssueTokenScopes is IssueToken with the given scopes.
func (s *Server) IssueTokenScopes(username string, scopes ...string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now().UTC()
	acct := s.accountLocked(username, now)
	app := s.testAppLocked(now)
	tok := s.newTokenLocked(acct.ID, app.ClientID, scopes, now)
	s.persistLocked()
	return tok.Value
}

// AccountID returns the id of the account username, creating it if needed.
func (s *Server) AccountID(username string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accountLocked(username, s.opts.Now().UTC()).ID
}

// RevokeToken revokes an access token, as the user would from their settings.
func (s *Server) RevokeToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.st.Tokens[token]; ok {
		t.Revoked = true
	}
	s.persistLocked()
}

// FailNext makes the next n requests under /api/ fail with status (500, 502, 503, 429,
// ...) before they are processed: nothing is stored.
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

// SetOnStatusPost replaces Options.OnStatusPost.
func (s *Server) SetOnStatusPost(fn func(Status)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.OnStatusPost = fn
}

// SetDelayResponse replaces Options.DelayResponse.
func (s *Server) SetDelayResponse(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.DelayResponse = d
}

// DenyAuthorization makes /oauth/authorize refuse (access_denied) while deny is true.
func (s *Server) DenyAuthorization(deny bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deny = deny
}

// SetCounts sets a status's engagement counts.
func (s *Server) SetCounts(statusID string, replies, reblogs, favourites int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.statusLocked(statusID); st != nil {
		st.Replies, st.Reblogs, st.Favourites = replies, reblogs, favourites
	}
	s.persistLocked()
}

// AddStatus stores a status for username directly (no validation, no rate limit), e.g.
// older history for read-back tests. Zero CreatedAt means now.
func (s *Server) AddStatus(username string, st Status) Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now().UTC()
	if st.CreatedAt.IsZero() {
		st.CreatedAt = now
	}
	st.AccountID = s.accountLocked(username, now).ID
	st.ID = s.nextID(st.CreatedAt)
	if st.Visibility == "" {
		st.Visibility = "public"
	}
	s.st.Statuses = append(s.st.Statuses, &st)
	s.persistLocked()
	return st
}

// fakeStatuses serves GET /_fake/statuses: Statuses() as JSON, for out-of-process tests.
func (s *Server) fakeStatuses(w http.ResponseWriter, _ *http.Request) {
	jsonReply(http.StatusOK, s.Statuses()).write(w)
}

func (s *Server) statusLocked(id string) *Status {
	for _, st := range s.st.Statuses {
		if st.ID == id {
			return st
		}
	}
	return nil
}

func (s *Server) accountLocked(username string, now time.Time) *Account {
	for _, a := range s.st.Accounts {
		if a.Username == username {
			return a
		}
	}
	a := &Account{ID: s.nextID(now), Username: username, DisplayName: username, CreatedAt: now}
	s.st.Accounts[a.ID] = a
	return a
}
