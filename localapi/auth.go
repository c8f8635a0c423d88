package localapi

import (
	"crypto/subtle"
	"net"
	"net/http"
	"strings"
)

// maxBody is the largest request body accepted (1 MiB).
const maxBody = 1 << 20

// openPath is the only route served without a token.
const openPath = "/api/openapi.json"

// guard checks the Host header (DNS rebinding), the bearer token and bounds the body.
func guard(token string, next http.Handler) http.Handler {
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !loopbackHost(r.Host) {
			writeError(w, http.StatusForbidden, "forbidden_host",
				"Requests must be addressed to 127.0.0.1 or localhost.")
			return
		}
		open := r.Method == http.MethodGet && r.URL.Path == openPath
		got := []byte(r.Header.Get("Authorization"))
		if !open && (token == "" || subtle.ConstantTimeCompare(got, want) != 1) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="webox-social"`)
			writeError(w, http.StatusUnauthorized, "unauthorized",
				"A valid API token is required; copy it from Settings.")
			return
		}
		if r.ContentLength > maxBody {
			writeError(w, http.StatusRequestEntityTooLarge, "body_too_large",
				"The request body is larger than 1 MiB.")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		next.ServeHTTP(w, r)
	})
}

// loopbackHost reports whether a Host header is 127.0.0.1:<port> or localhost:<port>.
func loopbackHost(h string) bool {
	host, port, err := net.SplitHostPort(h)
	if err != nil || port == "" {
		return false
	}
	return host == "127.0.0.1" || strings.EqualFold(host, "localhost")
}
