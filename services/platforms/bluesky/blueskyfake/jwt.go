package blueskyfake

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// Token scopes and types of the reference PDS (auth-scope.ts, helpers/auth.ts).
const (
	ScopeAccess            = "com.atproto.access"
	ScopeAppPass           = "com.atproto.appPass"
	ScopeAppPassPrivileged = "com.atproto.appPassPrivileged"
	ScopeRefresh           = "com.atproto.refresh"

	typAccess  = "at+jwt"
	typRefresh = "refresh+jwt"
)

// claims is the payload of the fake's JWTs; Jti is set on refresh tokens only.
type claims struct {
	Scope string `json:"scope"`
	Aud   string `json:"aud"`
	Sub   string `json:"sub"`
	Jti   string `json:"jti,omitempty"`
	Iat   int64  `json:"iat"`
	Exp   int64  `json:"exp"`
}

var b64 = base64.RawURLEncoding

// sign makes an HS256 JWT with the given typ header.
func (s *Server) sign(typ string, c claims) string {
	h, _ := json.Marshal(map[string]string{"typ": typ, "alg": "HS256"})
	p, _ := json.Marshal(c)
	unsigned := b64.EncodeToString(h) + "." + b64.EncodeToString(p)
	return unsigned + "." + b64.EncodeToString(s.mac(unsigned))
}

func (s *Server) mac(unsigned string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(unsigned))
	return m.Sum(nil)
}

// tokens issues an access/refresh pair; jti "" makes a new refresh token id.
func (s *Server) tokens(now time.Time, did, scope, jti string) (access, refresh string, rc claims) {
	if jti == "" {
		jti = newTokenID()
	}
	access = s.sign(typAccess, claims{Scope: scope, Aud: ServiceDID, Sub: did, Iat: now.Unix(), Exp: now.Add(s.opts.AccessTTL).Unix()})
	rc = claims{Scope: ScopeRefresh, Aud: ServiceDID, Sub: did, Jti: jti, Iat: now.Unix(), Exp: now.Add(s.opts.RefreshTTL).Unix()}
	return access, s.sign(typRefresh, rc), rc
}

// newTokenID is 32 random bytes in base64, like getRefreshTokenId.
func newTokenID() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// verify checks a bearer JWT the way the PDS's verifyBearerJwt does: signature and typ
// first ("Token could not be verified"), then expiry ("Token has expired", unless
// allowExpired), then the scope ("Bad token scope"). All are HTTP 400.
func (s *Server) verify(token, typ string, scopes []string, now time.Time, allowExpired bool) (claims, *xrpcError) {
	bad := &xrpcError{Status: http.StatusBadRequest, Name: "InvalidToken", Message: "Token could not be verified"}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return claims{}, bad
	}
	sig, err := b64.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, s.mac(parts[0]+"."+parts[1])) {
		return claims{}, bad
	}
	var h struct{ Typ, Alg string }
	var c claims
	if decodePart(parts[0], &h) != nil || decodePart(parts[1], &c) != nil || h.Typ != typ || h.Alg != "HS256" {
		return claims{}, bad
	}
	if !allowExpired && now.Unix() >= c.Exp {
		return claims{}, &xrpcError{Status: http.StatusBadRequest, Name: "ExpiredToken", Message: "Token has expired"}
	}
	for _, sc := range scopes {
		if c.Scope == sc {
			return c, nil
		}
	}
	return claims{}, &xrpcError{Status: http.StatusBadRequest, Name: "InvalidToken", Message: "Bad token scope"}
}

func decodePart(part string, into any) error {
	raw, err := b64.DecodeString(part)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, into)
}

// bearer reads the Authorization header. Missing → 401 AuthMissing; a header that is not
// "<type> <token>" → 400 "Malformed authorization header". A non-Bearer type is
// answered like the PDS: AuthMissing for refresh-token methods, "Unexpected
// authorization type" for access-token methods.
func bearer(r *http.Request, refresh bool) (string, *xrpcError) {
	missing := &xrpcError{Status: http.StatusUnauthorized, Name: "AuthMissing", Message: "Authentication Required"}
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", missing
	}
	parts := strings.Split(h, " ")
	if len(parts) != 2 {
		return "", &xrpcError{Status: http.StatusBadRequest, Name: "InvalidToken", Message: "Malformed authorization header"}
	}
	if !strings.EqualFold(parts[0], "Bearer") {
		if refresh {
			return "", missing
		}
		return "", &xrpcError{Status: http.StatusBadRequest, Name: "InvalidToken", Message: "Unexpected authorization type"}
	}
	return parts[1], nil
}
