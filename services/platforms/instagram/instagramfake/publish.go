package instagramfake

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Styles of the Graph host a publishing request came to.
const (
	styleInstagram  = "instagram" // graph.instagram.com, Instagram User tokens
	styleFacebook   = "facebook"  // graph.facebook.com, Facebook Page or user tokens
	facebookVersion = "v23.0"
)

// caller is who a publishing request comes from, as its token says.
type caller struct {
	igIDs  []string // the Instagram accounts the token may act for
	scopes []string
	style  string
}

// publishScope is the permission publishing needs in the caller's style.
func (w caller) publishScope() string {
	if w.style == styleFacebook {
		return "instagram_content_publish"
	}
	return "instagram_business_content_publish"
}

// basicScope is the permission reading needs in the caller's style.
func (w caller) basicScope() string {
	if w.style == styleFacebook {
		return "instagram_basic"
	}
	return "instagram_business_basic"
}

// resolve maps the path id ("me" in the Instagram style) to an account the caller may
// act for; ok is false when it may not.
func (w caller) resolve(id string) (string, bool) {
	if id == "me" && w.style == styleInstagram && len(w.igIDs) > 0 {
		return w.igIDs[0], true
	}
	return id, slices.Contains(w.igIDs, id)
}

// pcall is one publishing request: the call, its caller and what was fetched for it.
type pcall struct {
	*call
	who     caller
	fetched reply // a refusal of image_url/video_url; zero when fine
}

func (s *Server) publishRoutes(m *http.ServeMux, style string) {
	m.HandleFunc("POST /{version}/{id}/media", s.pubWrap(style, "media", s.createContainer))
	m.HandleFunc("GET /{version}/{id}/media", s.pubWrap(style, "list", s.listMedia))
	m.HandleFunc("POST /{version}/{id}/media_publish", s.pubWrap(style, "media_publish", s.publish))
	m.HandleFunc("GET /{version}/{id}/content_publishing_limit", s.pubWrap(style, "limit", s.publishingLimit))
	m.HandleFunc("GET /{version}/{id}", s.nodeRoute(style))
	m.HandleFunc("GET /{version}/{id}/insights", s.pubWrap(style, "insights", s.insights))
	m.HandleFunc("DELETE /{version}/{id}", s.pubWrap(style, "delete", s.deleteMedia))
}

// pubWrap runs a publishing handler: the Facebook-style token is checked against FB and
// media URLs are fetched before the lock is taken; the call budget, the handler and the
// LoseNextResponse hook run under it. Unknown objects on the Facebook style go to FB.
func (s *Server) pubWrap(style, route string, h func(*pcall) reply) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.opts.Logger.Debug("instagramfake: request", "style", style, "method", r.Method, "path", r.URL.Path)
		if style == styleFacebook && (route == "node" || route == "delete") && !s.knownObject(r.PathValue("id")) {
			s.fbProxy().ServeHTTP(w, r)
			return
		}
		_ = r.ParseForm()
		pc := &pcall{call: &call{r: r, q: r.Form}}
		who, rep := s.preCheck(style, r)
		if rep.status == 0 && route == "media" {
			pc.fetched = s.fetchMedia(r.Form)
		}
		s.mu.Lock()
		s.calls[route]++
		pc.now = s.opts.Now()
		if rep.status == 0 {
			rep = s.handlePub(pc, style, who, h)
		}
		hdr := s.usageHeader(pc.who, pc.now)
		lose := s.pub.loseNext[route]
		delete(s.pub.loseNext, route)
		s.mu.Unlock()
		writePub(w, rep, hdr, lose)
	}
}

// preCheck checks the version and, for the Facebook style, the token (against FB,
// without the lock held).
func (s *Server) preCheck(style string, r *http.Request) (caller, reply) {
	v := r.PathValue("version")
	if !strings.HasPrefix(v, "v") || style == styleFacebook && v != facebookVersion {
		return caller{}, graphErr(http.StatusBadRequest, "Unknown path components: /"+v, "OAuthException", 2500, 0)
	}
	if style == styleFacebook {
		return s.fbCaller(tokenOf(r))
	}
	return caller{}, reply{}
}

// handlePub identifies an Instagram-style caller, charges the call budget and runs h.
func (s *Server) handlePub(pc *pcall, style string, who caller, h func(*pcall) reply) reply {
	if style == styleInstagram {
		t, rep := s.validToken(pc.call, tokenOf(pc.r))
		if t == nil {
			return rep
		}
		who = caller{igIDs: []string{s.users[t.UserID].UserID}, scopes: t.Scopes, style: styleInstagram}
	}
	pc.who = who
	if rep := s.charge(who, pc.now); rep.status != 0 {
		return rep
	}
	return h(pc)
}

// writePub writes a publishing reply with the usage header, or hangs up after acting.
func writePub(w http.ResponseWriter, rep reply, hdr http.Header, lose bool) {
	if lose {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	for k, v := range hdr {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(rep.status)
	_ = json.NewEncoder(w).Encode(rep.body)
}

// tokenOf reads the token from the query/form or an Authorization header.
func tokenOf(r *http.Request) string {
	if t := r.Form.Get("access_token"); t != "" {
		return t
	}
	h := r.Header.Get("Authorization")
	for _, p := range []string{"Bearer ", "OAuth "} {
		if strings.HasPrefix(h, p) {
			return strings.TrimPrefix(h, p)
		}
	}
	return ""
}

// edge checks the caller may act for the path's account with the permission the
// route needs, and returns the account id.
func (s *Server) edge(pc *pcall, write bool) (string, reply, bool) {
	id, ok := pc.who.resolve(pc.r.PathValue("id"))
	if !ok {
		return "", missingObject("post", pc.r.PathValue("id")), false
	}
	if rep, ok := permitted(pc.who, write); !ok {
		return "", rep, false
	}
	return id, reply{}, true
}

// permitted is Meta's (#10)/(#200) refusal when the token lacks the permission.
func permitted(who caller, write bool) (reply, bool) {
	need := who.basicScope()
	if write {
		need = who.publishScope()
	}
	if slices.Contains(who.scopes, need) {
		return reply{}, true
	}
	if who.style == styleFacebook {
		return graphErr(http.StatusForbidden, "(#200) Permissions error", "OAuthException", 200, 0), false
	}
	return graphErr(http.StatusForbidden, "(#10) Application does not have permission for this action", "OAuthException", 10, 0), false
}

func missingObject(verb, id string) reply {
	return graphErr(http.StatusBadRequest, "Unsupported "+verb+" request. Object with ID '"+id+"' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api", "GraphMethodException", 100, 33)
}

func paramErr(msg string) reply {
	return graphErr(http.StatusBadRequest, "(#100) "+msg, "OAuthException", 100, 0)
}

// userErr is Meta's envelope with a subcode and the user-facing title and message.
func userErr(code, subcode int, msg, title, userMsg string) reply {
	rep := graphErr(http.StatusBadRequest, msg, "OAuthException", code, subcode)
	e := rep.body.(map[string]any)["error"].(map[string]any)
	e["error_user_title"], e["error_user_msg"] = title, userMsg
	e["is_transient"] = subcode == 2207027 || code == 9
	return rep
}

// checkCaption enforces 2,200 characters, 30 hashtags and 20 mentions.
func checkCaption(caption string) (reply, bool) {
	switch {
	case utf8.RuneCountInString(caption) > MaxCaption:
		return userErr(100, 2207010, "Invalid parameter", "Caption too long", "The caption is longer than 2,200 characters."), false
	case countTags(caption, '#') > MaxHashtags:
		return userErr(100, 2207010, "Invalid parameter", "Too many hashtags", "The caption has more than 30 hashtags."), false
	case countTags(caption, '@') > MaxMentions:
		return userErr(100, 2207010, "Invalid parameter", "Too many mentions", "The caption mentions more than 20 accounts."), false
	}
	return reply{}, true
}

// countTags counts sigil followed by a letter, digit or underscore.
func countTags(s string, sigil rune) int {
	n := 0
	rs := []rune(s)
	for i := 0; i+1 < len(rs); i++ {
		if rs[i] == sigil && (unicode.IsLetter(rs[i+1]) || unicode.IsDigit(rs[i+1]) || rs[i+1] == '_') {
			n++
		}
	}
	return n
}
