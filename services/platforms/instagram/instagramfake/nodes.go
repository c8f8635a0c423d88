package instagramfake

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// graphTime is Graph's timestamp format.
const graphTime = "2006-01-02T15:04:05-0700"

// knownObject reports whether id is a container or media of this fake.
func (s *Server) knownObject(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, c := s.pub.containers[id]
	_, m := s.pub.media[id]
	return c || m
}

// node is GET /{id}: a container's status_code/status (each read moves an IN_PROGRESS
// container towards FINISHED) or a media's fields. Carousel children have no permalink.
func (s *Server) node(pc *pcall) reply {
	id := pc.r.PathValue("id")
	if c, ok := s.pub.containers[id]; ok && slices.Contains(pc.who.igIDs, c.UserID) {
		c.polls++
		s.settle(c)
		s.expire(c, pc.now)
		return jsonReply(containerFields(c, pc.q.Get("fields")))
	}
	m, ok := s.pub.media[id]
	if !ok || m.Deleted || !slices.Contains(pc.who.igIDs, m.UserID) {
		return missingObject("get", id)
	}
	if rep, ok := permitted(pc.who, false); !ok {
		return rep
	}
	return jsonReply(mediaFields(m, pc.q.Get("fields")))
}

func containerFields(c *Container, fields string) map[string]any {
	out := map[string]any{"id": c.ID}
	for _, f := range strings.Split(fields, ",") {
		switch strings.TrimSpace(f) {
		case "status_code":
			out["status_code"] = c.Status
		case "status":
			out["status"] = statusWords(c)
		}
	}
	return out
}

func mediaFields(m *Media, fields string) map[string]any {
	out := map[string]any{"id": m.ID}
	for _, f := range strings.Split(fields, ",") {
		switch strings.TrimSpace(f) {
		case "caption":
			if m.Caption != "" {
				out["caption"] = m.Caption
			}
		case "timestamp":
			out["timestamp"] = m.Timestamp.UTC().Format(graphTime)
		case "permalink":
			if !m.Child {
				out["permalink"] = m.Permalink
			}
		case "media_type":
			out["media_type"] = m.MediaType
		case "media_product_type":
			out["media_product_type"] = m.ProductType
		}
	}
	return out
}

// listMedia is GET /{ig-user-id}/media: the account's feed media and reels (no stories,
// no carousel children), newest first, filtered by since/until (Unix seconds), in pages
// of limit (25, at most 100) with an after cursor.
func (s *Server) listMedia(pc *pcall) reply {
	owner, rep, ok := s.edge(pc, false)
	if !ok {
		return rep
	}
	var all []*Media
	for i := len(s.pub.order) - 1; i >= 0; i-- {
		m := s.pub.media[s.pub.order[i]]
		if m.UserID == owner && !m.Deleted && m.ProductType != "STORY" && inWindow(m.Timestamp, pc.q) {
			all = append(all, m)
		}
	}
	limit := min(max(atoiOr(pc.q.Get("limit"), 25), 1), 100)
	start := decodeCursor(pc.q.Get("after"))
	end := min(start+limit, len(all))
	data := []any{}
	for _, m := range all[min(start, end):end] {
		data = append(data, mediaFields(m, pc.q.Get("fields")))
	}
	return jsonReply(map[string]any{"data": data, "paging": paging(pc, start, end, len(all))})
}

func inWindow(t time.Time, q map[string][]string) bool {
	since, until := atoiOr(first(q["since"]), 0), atoiOr(first(q["until"]), 0)
	return (since == 0 || t.Unix() >= int64(since)) && (until == 0 || t.Unix() <= int64(until))
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}

func decodeCursor(s string) int {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0
	}
	return atoiOr(string(b), 0)
}

func paging(pc *pcall, start, end, n int) map[string]any {
	enc := func(i int) string { return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(i))) }
	p := map[string]any{"cursors": map[string]string{"before": enc(start), "after": enc(end)}}
	if end < n {
		q := pc.r.URL.Query()
		q.Set("after", enc(end))
		p["next"] = "http://" + pc.r.Host + pc.r.URL.Path + "?" + q.Encode()
	}
	return p
}

// publishingLimit is GET /{ig-user-id}/content_publishing_limit.
func (s *Server) publishingLimit(pc *pcall) reply {
	owner, rep, ok := s.edge(pc, false)
	if !ok {
		return rep
	}
	return jsonReply(map[string]any{"data": []any{map[string]any{
		"quota_usage": s.quotaUsed(owner, pc.now),
		"config":      map[string]any{"quota_total": s.opts.PublishQuota, "quota_duration": int(s.opts.QuotaWindow.Seconds())},
	}}})
}

// quotaUsed counts the account's posts in the moving window.
func (s *Server) quotaUsed(owner string, now time.Time) int {
	n := s.pub.preUsed[owner]
	for _, t := range s.pub.published[owner] {
		if now.Sub(t) < s.opts.QuotaWindow {
			n++
		}
	}
	return n
}

// deleteMedia is DELETE /{ig-media-id}: only on the Facebook style, with
// instagram_manage_contents, for a whole post (platforms.md §2 Deletion).
func (s *Server) deleteMedia(pc *pcall) reply {
	id := pc.r.PathValue("id")
	m, ok := s.pub.media[id]
	if pc.who.style != styleFacebook || !ok || m.Deleted || m.Child || !slices.Contains(pc.who.igIDs, m.UserID) {
		return missingObject("delete", id)
	}
	if !slices.Contains(pc.who.scopes, "instagram_manage_contents") {
		return graphErr(http.StatusForbidden, "(#10) Application does not have permission for this action", "OAuthException", 10, 0)
	}
	m.Deleted = true
	return jsonReply(map[string]bool{"success": true})
}
