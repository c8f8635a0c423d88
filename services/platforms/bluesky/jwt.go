package bluesky

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// jwtClaims is what the app reads from a PDS-issued JWT.
type jwtClaims struct {
	Scope string `json:"scope"`
	Sub   string `json:"sub"`
	Exp   int64  `json:"exp"`
}

// expiry is the exp claim as a time; zero when absent.
func (c jwtClaims) expiry() time.Time {
	if c.Exp <= 0 {
		return time.Time{}
	}
	return time.Unix(c.Exp, 0)
}

// parseJWT decodes a JWT's payload WITHOUT verifying its signature: the app only reads
// the expiry and scope of a token the server just issued to it over TLS.
func parseJWT(token string) (jwtClaims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return jwtClaims{}, badToken(fmt.Errorf("bluesky: a JWT has 3 parts, this one has %d", len(parts)))
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return jwtClaims{}, badToken(fmt.Errorf("bluesky: decode the JWT payload: %w", err))
	}
	var c jwtClaims
	if err := json.Unmarshal(raw, &c); err != nil {
		return jwtClaims{}, badToken(fmt.Errorf("bluesky: parse the JWT payload: %w", err))
	}
	return c, nil
}

func badToken(err error) *platforms.Error {
	return &platforms.Error{Platform: model.Bluesky, Kind: platforms.Transient, Err: err,
		Message: "The Bluesky server sent a session token that could not be read; try again later."}
}
