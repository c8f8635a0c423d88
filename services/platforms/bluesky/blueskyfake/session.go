package blueskyfake

import (
	"net/http"
	"time"
)

// refreshRow is the PDS's refresh_token row: the JWT is only valid while its row exists
// and has not expired. nextID is set once the token was rotated.
type refreshRow struct {
	did         string
	expiresAt   time.Time
	nextID      string
	appPassword *appPassword
}

// session is the answer of createSession and refreshSession.
type session struct {
	AccessJwt      string `json:"accessJwt"`
	RefreshJwt     string `json:"refreshJwt"`
	Handle         string `json:"handle"`
	DID            string `json:"did"`
	DIDDoc         any    `json:"didDoc,omitempty"`
	Email          string `json:"email,omitempty"`
	EmailConfirmed bool   `json:"emailConfirmed"`
	Active         bool   `json:"active"`
}

func (s *Server) sessionBody(a *Account, access, refresh string) session {
	out := session{AccessJwt: access, RefreshJwt: refresh, Handle: a.Handle, DID: a.DID, Email: a.Email, Active: true}
	if !s.opts.OmitDIDDoc {
		out.DIDDoc = s.didDoc(a)
	}
	return out
}

// didDoc is the account's DID document with its #atproto_pds service.
func (s *Server) didDoc(a *Account) map[string]any {
	endpoint := s.opts.ServiceEndpoint
	if endpoint == "" {
		endpoint = s.URL
	}
	return map[string]any{
		"@context":    []string{"https://www.w3.org/ns/did/v1"},
		"id":          a.DID,
		"alsoKnownAs": []string{"at://" + a.Handle},
		"service": []map[string]string{{
			"id": "#atproto_pds", "type": "AtprotoPersonalDataServer", "serviceEndpoint": endpoint,
		}},
	}
}

type createSessionInput struct {
	Identifier      *string `json:"identifier"`
	Password        *string `json:"password"`
	AuthFactorToken string  `json:"authFactorToken"`
	AllowTakendown  bool    `json:"allowTakendown"`
}

// createSession signs in with a handle, DID or email and the main or an app password.
func (s *Server) createSession(c *call) (any, *xrpcError) {
	var in createSessionInput
	if err := readJSON(c, &in); err != nil {
		return nil, err
	}
	if in.Identifier == nil {
		return nil, invalidRequest(`Missing required key "identifier" at $`)
	}
	if in.Password == nil {
		return nil, invalidRequest(`Missing required key "password" at $`)
	}
	if err := s.limitSessions(c, *in.Identifier); err != nil {
		return nil, err
	}
	a, ap, err := s.login(*in.Identifier, *in.Password, in.AuthFactorToken, in.AllowTakendown)
	if err != nil {
		return nil, err
	}
	access, refresh, rc := s.tokens(c.now, a.DID, scopeFor(ap), "")
	s.refresh[rc.Jti] = &refreshRow{did: a.DID, expiresAt: time.Unix(rc.Exp, 0), appPassword: ap}
	return s.sessionBody(a, access, refresh), nil
}

func authRequired(name, msg string) *xrpcError {
	return &xrpcError{Status: http.StatusUnauthorized, Name: name, Message: msg}
}

// login checks the credentials like AccountManager.login and the createSession handler.
// It returns the app password used, or nil for the main password.
func (s *Server) login(identifier, password, code string, allowTakendown bool) (*Account, *appPassword, *xrpcError) {
	invalid := authRequired("AuthenticationRequired", "Invalid identifier or password")
	a := s.find(identifier)
	if a == nil {
		return nil, nil, invalid
	}
	if password == a.Password {
		if a.TakenDown && !allowTakendown {
			return nil, nil, authRequired("AccountTakedown", "Account has been taken down")
		}
		if a.SignInCode != "" && code == "" {
			return nil, nil, authRequired("AuthFactorTokenRequired", "A sign in code has been sent to your email address")
		}
		if a.SignInCode != "" && code != a.SignInCode {
			return nil, nil, authRequired("AuthenticationRequired", "Token is invalid")
		}
		return a, nil, nil
	}
	ap, ok := a.appPasswords[password]
	if !ok || a.TakenDown {
		return nil, nil, invalid
	}
	return a, &ap, nil
}

func scopeFor(ap *appPassword) string {
	switch {
	case ap == nil:
		return ScopeAccess
	case ap.privileged:
		return ScopeAppPassPrivileged
	}
	return ScopeAppPass
}

// refreshSession rotates the pair. It needs the refresh JWT; the old refresh JWT keeps
// working for the grace period and always yields the same next token id, then fails
// with ExpiredToken "Token has been revoked" (AccountManager.rotateRefreshToken).
func (s *Server) refreshSession(c *call) (any, *xrpcError) {
	rc, a, err := s.authRefresh(c, false)
	if err != nil {
		return nil, err
	}
	if a.TakenDown {
		return nil, authRequired("AccountTakedown", "Account has been taken down")
	}
	revoked := &xrpcError{Status: http.StatusBadRequest, Name: "ExpiredToken", Message: "Token has been revoked"}
	row := s.refresh[rc.Jti]
	if row == nil {
		return nil, revoked
	}
	s.dropExpired(a.DID, c.now)
	grace := c.now.Add(s.opts.RefreshGrace)
	if row.expiresAt.Before(grace) {
		grace = row.expiresAt
	}
	if !grace.After(c.now) {
		return nil, revoked
	}
	if row.nextID == "" {
		row.nextID = newTokenID()
	}
	row.expiresAt = grace
	access, refresh, next := s.tokens(c.now, a.DID, scopeFor(row.appPassword), row.nextID)
	if _, ok := s.refresh[next.Jti]; !ok {
		s.refresh[next.Jti] = &refreshRow{did: a.DID, expiresAt: time.Unix(next.Exp, 0), appPassword: row.appPassword}
	}
	return s.sessionBody(a, access, refresh), nil
}

func (s *Server) dropExpired(did string, now time.Time) {
	for id, row := range s.refresh {
		if row.did == did && !row.expiresAt.After(now) {
			delete(s.refresh, id)
		}
	}
}

// deleteSession revokes the refresh token in the Authorization header (an expired one
// too); it answers 200 with no body even when the token was already revoked.
func (s *Server) deleteSession(c *call) (any, *xrpcError) {
	rc, _, err := s.authRefresh(c, true)
	if err != nil {
		return nil, err
	}
	delete(s.refresh, rc.Jti)
	return nil, nil
}

// authRefresh verifies the refresh JWT of a refreshSession or deleteSession call.
func (s *Server) authRefresh(c *call, allowExpired bool) (claims, *Account, *xrpcError) {
	tok, err := bearer(c.r, true)
	if err != nil {
		return claims{}, nil, err
	}
	rc, err := s.verify(tok, typRefresh, []string{ScopeRefresh}, c.now, allowExpired)
	if err != nil {
		return claims{}, nil, err
	}
	a := s.find(rc.Sub)
	if a == nil {
		return claims{}, nil, invalidRequest("Could not find user info for account: " + rc.Sub)
	}
	return rc, a, nil
}

// authAccess verifies the access JWT of any other call.
func (s *Server) authAccess(c *call) (*Account, *xrpcError) {
	tok, err := bearer(c.r, false)
	if err != nil {
		return nil, err
	}
	ac, err := s.verify(tok, typAccess, []string{ScopeAccess, ScopeAppPassPrivileged, ScopeAppPass}, c.now, false)
	if err != nil {
		return nil, err
	}
	a := s.find(ac.Sub)
	if a == nil {
		return nil, authRequired("AccountNotFound", "Account not found")
	}
	if a.TakenDown {
		return nil, authRequired("AccountTakedown", "Account has been taken down")
	}
	return a, nil
}

// getSession returns the signed-in account.
func (s *Server) getSession(c *call) (any, *xrpcError) {
	a, err := s.authAccess(c)
	if err != nil {
		return nil, err
	}
	return map[string]any{"did": a.DID, "handle": a.Handle, "email": a.Email, "emailConfirmed": false, "active": true}, nil
}

// getProfile is the AppView's profile view (what Link reads for the display name).
func (s *Server) getProfile(c *call) (any, *xrpcError) {
	if _, err := s.authAccess(c); err != nil {
		return nil, err
	}
	actor := c.r.URL.Query().Get("actor")
	if actor == "" {
		return nil, invalidRequest(`Params must have the property "actor"`)
	}
	a := s.find(actor)
	if a == nil || actor != a.DID && actor != a.Handle {
		return nil, invalidRequest("Profile not found")
	}
	out := map[string]any{"did": a.DID, "handle": a.Handle, "followersCount": 0, "followsCount": 0, "postsCount": 0}
	if a.DisplayName != "" {
		out["displayName"] = a.DisplayName
	}
	if a.AvatarURL != "" {
		out["avatar"] = a.AvatarURL
	}
	return out, nil
}
