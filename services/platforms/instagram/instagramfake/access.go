package instagramfake

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"time"
)

// throttleWords are Meta's messages for the throttling codes (platforms.md §2 Limits).
var throttleWords = map[int]string{
	4:   "(#4) Application request limit reached",
	17:  "(#17) User request limit reached",
	32:  "(#32) Page request limit reached",
	613: "(#613) Calls to this api have exceeded the rate limit.",
}

// charge counts a call against the account's hourly Business Use Case budget and
// refuses it with ThrottleCode once the budget is spent.
func (s *Server) charge(who caller, now time.Time) reply {
	if len(who.igIDs) == 0 {
		return reply{}
	}
	id := who.igIDs[0]
	recent := s.recentCalls(id, now)
	if len(recent) >= s.opts.CallsPerHour {
		rep := graphErr(http.StatusBadRequest, throttleWords[s.opts.ThrottleCode], "OAuthException", s.opts.ThrottleCode, 0)
		rep.body.(map[string]any)["error"].(map[string]any)["is_transient"] = true
		return rep
	}
	s.pub.calls[id] = append(recent, now)
	return reply{}
}

func (s *Server) recentCalls(id string, now time.Time) []time.Time {
	var out []time.Time
	for _, t := range s.pub.calls[id] {
		if now.Sub(t) < time.Hour {
			out = append(out, t)
		}
	}
	return out
}

// usageHeader is X-Business-Use-Case-Usage for the caller's account: the share of the
// hourly budget used, and the minutes until calls are allowed again once it is spent.
func (s *Server) usageHeader(who caller, now time.Time) http.Header {
	if len(who.igIDs) == 0 {
		return nil
	}
	id := who.igIDs[0]
	recent := s.recentCalls(id, now)
	pct := 100 * len(recent) / s.opts.CallsPerHour
	wait := 0
	if len(recent) >= s.opts.CallsPerHour {
		wait = int(recent[0].Add(time.Hour).Sub(now).Minutes()) + 1
	}
	b, _ := json.Marshal(map[string]any{id: []any{map[string]any{"type": "instagram", "call_count": pct,
		"total_cputime": pct / 2, "total_time": pct / 2, "estimated_time_to_regain_access": wait}}})
	return http.Header{"X-Business-Use-Case-Usage": {string(b)}}
}

// fetchMedia fetches image_url and video_url as Meta's cURL does at container creation:
// http(s) only and answered 200; an image must be a JPEG of at most 8 MiB.
func (s *Server) fetchMedia(q url.Values) reply {
	if u := q.Get("image_url"); u != "" {
		return s.fetchOne(u, true)
	}
	if u := q.Get("video_url"); u != "" {
		return s.fetchOne(u, false)
	}
	return reply{}
}

func (s *Server) fetchOne(raw string, image bool) reply {
	failed := userErr(9004, 2207052, "Only photo or video can be accepted as media type.", "Media download has failed.",
		"The media could not be fetched from this URI: "+raw)
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return failed
	}
	resp, err := s.opts.Fetch.Get(raw)
	if err != nil {
		return failed
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxImageBytes+1))
	if err != nil || resp.StatusCode != http.StatusOK || len(body) == 0 {
		return failed
	}
	switch {
	case !image:
		return reply{}
	case len(body) > MaxImageBytes:
		return userErr(36000, 2207004, "Image size too large", "Image size too large", "The image is larger than 8 MiB.")
	case !bytes.HasPrefix(body, []byte{0xFF, 0xD8, 0xFF}):
		return userErr(36001, 2207005, "The image format is not supported", "Unsupported image format",
			"The image format is not supported. Only JPEG images can be published.")
	}
	return reply{}
}

// fbCaller checks a graph.facebook.com token with FB: a Page token acts for the
// Instagram account linked to its Page, a user token for those of the user's Pages.
// FB's own refusal (190 and its subcodes) is passed on as it is.
func (s *Server) fbCaller(token string) (caller, reply) {
	if token == "" {
		return caller{}, graphErr(http.StatusBadRequest, "An active access token must be used to query information about the current user.", "OAuthException", 2500, 0)
	}
	info, ok := s.FB.TokenInfo(token)
	if !ok {
		return caller{}, graphErr(http.StatusBadRequest, "Invalid OAuth access token - Cannot parse access token", "OAuthException", 190, 0)
	}
	path := "/me/accounts?fields=instagram_business_account"
	if info.Kind == "page" {
		path = "/" + url.PathEscape(info.PageID) + "?fields=instagram_business_account"
	}
	status, body := s.askFB(path, token)
	if status != http.StatusOK {
		return caller{}, reply{status: status, body: json.RawMessage(body)}
	}
	return caller{igIDs: linkedIDs(body), scopes: info.Scopes, style: styleFacebook}, reply{}
}

func (s *Server) askFB(path, token string) (int, []byte) {
	req, _ := http.NewRequest(http.MethodGet, s.FB.GraphURL()+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return http.StatusInternalServerError, []byte(`{"error":{"message":"An unknown error has occurred.","type":"OAuthException","code":1,"is_transient":true}}`)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// linkedIDs reads instagram_business_account ids from a Page or a /me/accounts answer.
func linkedIDs(body []byte) []string {
	type linked struct {
		IG *struct {
			ID string `json:"id"`
		} `json:"instagram_business_account"`
	}
	var ans struct {
		linked
		Data []linked `json:"data"`
	}
	_ = json.Unmarshal(body, &ans)
	var out []string
	for _, l := range append(ans.Data, ans.linked) {
		if l.IG != nil {
			out = append(out, l.IG.ID)
		}
	}
	return out
}

// fbProxy forwards what is not Instagram publishing to FB.
func (s *Server) fbProxy() http.Handler {
	u, _ := url.Parse(s.FB.URL)
	return httputil.NewSingleHostReverseProxy(u)
}

func (s *Server) fbRoutes() http.Handler {
	m := http.NewServeMux()
	s.publishRoutes(m, styleFacebook)
	m.Handle("/", s.fbProxy())
	return m
}
