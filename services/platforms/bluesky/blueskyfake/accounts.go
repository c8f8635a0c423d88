package blueskyfake

import (
	"crypto/rand"
	"fmt"
	"strings"
)

// Account is one account on the fake PDS.
type Account struct {
	DID         string // generated (did:plc:...) when empty
	Handle      string // e.g. alice.test
	Email       string
	Password    string // the main account password
	DisplayName string
	AvatarURL   string
	// TakenDown makes sign-in fail with AccountTakedown (main password) or "Invalid
	// identifier or password" (app passwords), and refreshSession with AccountTakedown.
	TakenDown bool
	// SignInCode, when set, makes a main-password sign-in without this authFactorToken
	// fail with AuthFactorTokenRequired (email two-factor, as bsky.social does).
	SignInCode string

	appPasswords map[string]appPassword // by password
}

type appPassword struct {
	name       string
	privileged bool
}

// AddAccount adds an account and returns its DID.
func (s *Server) AddAccount(a Account) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a.DID == "" {
		a.DID = "did:plc:" + randomString(24, "abcdefghijklmnopqrstuvwxyz234567")
	}
	a.Handle = strings.ToLower(a.Handle)
	a.Email = strings.ToLower(a.Email)
	a.appPasswords = map[string]appPassword{}
	s.accounts = append(s.accounts, &a)
	return a.DID
}

// CreateAppPassword makes an app password (xxxx-xxxx-xxxx-xxxx) for the account with
// this handle or DID, as com.atproto.server.createAppPassword does.
func (s *Server) CreateAppPassword(actor, name string, privileged bool) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mustFind(actor)
	const alphabet = "abcdefghijklmnopqrstuvwxyz234567"
	pw := strings.Join([]string{randomString(4, alphabet), randomString(4, alphabet), randomString(4, alphabet), randomString(4, alphabet)}, "-")
	a.appPasswords[pw] = appPassword{name: name, privileged: privileged}
	return pw
}

// RevokeAppPassword deletes the named app password and every session made with it, as
// com.atproto.server.revokeAppPassword does.
func (s *Server) RevokeAppPassword(actor, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mustFind(actor)
	for pw, ap := range a.appPasswords {
		if ap.name == name {
			delete(a.appPasswords, pw)
		}
	}
	for id, row := range s.refresh {
		if row.did == a.DID && row.appPassword != nil && row.appPassword.name == name {
			delete(s.refresh, id)
		}
	}
}

// RevokeSessions deletes every refresh token of the account (a password change or an
// admin action): refreshing then fails with ExpiredToken "Token has been revoked".
func (s *Server) RevokeSessions(actor string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mustFind(actor)
	for id, row := range s.refresh {
		if row.did == a.DID {
			delete(s.refresh, id)
		}
	}
}

// SetTakenDown takes the account down (or restores it).
func (s *Server) SetTakenDown(actor string, down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustFind(actor).TakenDown = down
}

// Sessions returns how many refresh tokens of the account are stored (rotated ones in
// their grace period included).
func (s *Server) Sessions(actor string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mustFind(actor)
	n := 0
	for _, row := range s.refresh {
		if row.did == a.DID {
			n++
		}
	}
	return n
}

// find looks an account up by handle, DID or (with an @) email, as the PDS's login does.
func (s *Server) find(identifier string) *Account {
	id := strings.ToLower(identifier)
	for _, a := range s.accounts {
		if (strings.Contains(id, "@") && a.Email == id) || a.Handle == id || a.DID == id {
			return a
		}
	}
	return nil
}

func (s *Server) mustFind(actor string) *Account {
	a := s.find(actor)
	if a == nil {
		panic(fmt.Sprintf("blueskyfake: no account %q", actor))
	}
	return a
}

func randomString(n int, alphabet string) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
