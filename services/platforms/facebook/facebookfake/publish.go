package facebookfake

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxMessage is the longest post text the fake accepts (platforms.md §3 Limits).
const MaxMessage = 63206

// pageScopes are the permissions a Page token needs to publish (platforms.md §9).
var pageScopes = []string{"pages_manage_posts", "pages_read_engagement"}

// permissionWords is Meta's refusal for a user token or missing permissions on /feed.
const permissionWords = "(#200) If posting to a group, requires app being installed in the group, and either publish_to_groups permission with user token, or both pages_read_engagement and pages_manage_posts permission with page token; If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission"

// Post is a Page post the fake holds.
type Post struct {
	ID, PageID, Message, Link string
	Photos                    []string // photo ids shown in the post
	Created                   time.Time
	Deleted                   bool
	// ScheduledAt is the scheduled_publish_time of a natively scheduled post.
	ScheduledAt time.Time
	// Dark is a post made with published=false and no schedule: it never goes out.
	Dark bool
	// Published is whether the post is out at the fake's clock (computed by Posts).
	Published bool
}

// publishedAt reports whether the post is out at now.
func (p *Post) publishedAt(now time.Time) bool {
	return !p.Dark && (p.ScheduledAt.IsZero() || !now.Before(p.ScheduledAt))
}

// shownTime is created_time: a scheduled post shows its publish time once out.
func (p *Post) shownTime() time.Time {
	if !p.ScheduledAt.IsZero() {
		return p.ScheduledAt
	}
	return p.Created
}

type photo struct {
	id, pageID, caption string
	published, used     bool
}

// pubState is the publishing part of the Server, guarded by Server.mu.
type pubState struct {
	posts    map[string]*Post
	order    []string // post ids in creation order
	photos   map[string]*photo
	lastMsg  map[string]string // page id -> last message (code 506)
	seq      int
	loseNext map[string]bool // route -> drop the answer after acting
	videos   map[string]*video
	sessions map[string]string // upload_session_id -> video id
	failNext string            // processing error for the next finished video
}

func (p *pubState) init() {
	if p.posts == nil {
		p.posts, p.photos, p.lastMsg, p.loseNext = map[string]*Post{}, map[string]*photo{}, map[string]string{}, map[string]bool{}
		p.videos, p.sessions = map[string]*video{}, map[string]string{}
	}
}

func (p *pubState) nextID() string {
	p.seq++
	return strconv.Itoa(100000 + p.seq)
}

// LoseNextResponse makes the next request to route ("feed", "photos", "delete",
// "videos:start", "videos:transfer", "videos:finish") be acted on and then answered by
// closing the connection, as a crash or timeout would.
func (s *Server) LoseNextResponse(route string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pub.init()
	s.pub.loseNext[route] = true
}

// Posts returns the Page's posts that are not deleted (scheduled ones included, with
// Published telling whether they are out yet), oldest first.
func (s *Server) Posts(pageID string) []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	var out []Post
	for _, id := range s.pub.order {
		if p := s.pub.posts[id]; p.PageID == pageID && !p.Deleted {
			cp := *p
			cp.Published = p.publishedAt(now)
			out = append(out, cp)
		}
	}
	return out
}

// IssuePageToken issues a Page token for the user's Page without the dialog (for tests).
func (s *Server) IssuePageToken(userID, appID, pageID string, scopes ...string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newPageTokenLocked(s.newUserTokenLocked(appID, userID, scopes, true), pageID).Value
}

func (s *Server) publishRoutes(m *http.ServeMux) {
	m.HandleFunc("POST /{version}/{id}/feed", s.wrapLosable("feed", s.feed))
	m.HandleFunc("POST /{version}/{id}/photos", s.wrapLosable("photos", s.photo))
	m.HandleFunc("GET /{version}/{id}/posts", s.wrap("posts", s.listPosts))
	m.HandleFunc("GET /{version}/{id}/scheduled_posts", s.wrap("scheduled_posts", s.listScheduled))
	m.HandleFunc("POST /{version}/{id}/videos", s.wrap("videos", s.videos))
	m.HandleFunc("GET /{version}/{id}/videos", s.wrap("video_list", s.listVideos))
	m.HandleFunc("DELETE /{version}/{id}", s.wrapLosable("delete", s.deleteNode))
}

// wrapLosable is wrap with the LoseNextResponse hook.
func (s *Server) wrapLosable(name string, h func(*call) reply) http.HandlerFunc {
	return s.wrap(name, func(c *call) reply {
		s.pub.init()
		rep := h(c)
		if s.pub.loseNext[name] {
			delete(s.pub.loseNext, name)
			rep.hangUp = true
		}
		return rep
	})
}

// pageToken requires a live Page token for the path's Page with the publishing scopes.
func (s *Server) pageToken(c *call) (*Token, reply) {
	t, rep := s.validToken(c, accessTokenOf(c))
	if t == nil {
		return nil, rep
	}
	pageID := c.r.PathValue("id")
	if _, ok := s.pages[pageID]; !ok {
		return nil, missingObject(pageID)
	}
	if t.Kind != KindPage || t.PageID != pageID || !hasAll(t.Scopes, pageScopes) {
		return nil, graphErr(http.StatusForbidden, permissionWords, "OAuthException", 200, 0)
	}
	s.pub.init()
	return t, reply{}
}

func hasAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

func missingObject(id string) reply {
	return graphErr(http.StatusBadRequest, "Unsupported post request. Object with ID '"+id+"' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api", "GraphMethodException", 100, 33)
}

// checkMessage enforces the length limit and the duplicate rule (code 506).
func (s *Server) checkMessage(pageID, msg string) (reply, bool) {
	if utf8.RuneCountInString(msg) > MaxMessage {
		return graphErr(http.StatusBadRequest, "(#100) Param message must be at most "+strconv.Itoa(MaxMessage)+" characters long", "OAuthException", 100, 0), false
	}
	if msg != "" && s.pub.lastMsg[pageID] == msg {
		return graphErr(http.StatusBadRequest, "Duplicate status message", "OAuthException", 506, 1455006), false
	}
	return reply{}, true
}

// feed is POST /{page}/feed: message and/or link, optionally attached_media[i].
func (s *Server) feed(c *call) reply {
	if _, rep := s.pageToken(c); rep.status != 0 {
		return rep
	}
	pageID, msg := c.r.PathValue("id"), c.q.Get("message")
	photos, rep := s.attachedMedia(c, pageID)
	if rep.status != 0 {
		return rep
	}
	if msg == "" && c.q.Get("link") == "" && len(photos) == 0 {
		return graphErr(http.StatusBadRequest, "(#100) Missing message or attachment", "OAuthException", 100, 0)
	}
	at, published, rep := s.schedule(c)
	if rep.status != 0 {
		return rep
	}
	if rep, ok := s.checkMessage(pageID, msg); !ok {
		return rep
	}
	for _, id := range photos {
		s.pub.photos[id].used = true
	}
	p := s.addPost(c, pageID, msg, photos)
	p.Link, p.ScheduledAt, p.Dark = c.q.Get("link"), at, !published && at.IsZero()
	return jsonReply(postFields(p, c.now, splitFields(c.q.Get("fields"), []string{"id"})))
}

// badSchedule is Meta's refusal of a scheduled_publish_time.
func badSchedule() reply {
	return graphErr(http.StatusBadRequest, "(#100) The specified scheduled publish time is invalid.", "OAuthException", 100, 0)
}

// schedule reads published and scheduled_publish_time (Unix seconds or ISO-8601): a
// schedule needs published=false and a time ScheduleMin..ScheduleMax ahead (§9.2).
func (s *Server) schedule(c *call) (at time.Time, published bool, rep reply) {
	published = c.q.Get("published") != "false"
	raw := c.q.Get("scheduled_publish_time")
	if raw == "" {
		return time.Time{}, published, reply{}
	}
	if published {
		return time.Time{}, true, graphErr(http.StatusBadRequest, "(#100) Cannot specify a scheduled publish time on a published post", "OAuthException", 100, 0)
	}
	if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
		at = time.Unix(n, 0).UTC()
	} else if at, err = time.Parse(time.RFC3339, raw); err != nil {
		return time.Time{}, false, badSchedule()
	}
	if ahead := at.Sub(c.now); ahead < s.opts.ScheduleMin || ahead > s.opts.ScheduleMax {
		return time.Time{}, false, badSchedule()
	}
	return at, false, reply{}
}

// attachedMedia reads attached_media[0..] ({"media_fbid":"..."}): each must be an
// unpublished photo of the same Page, not attached before.
func (s *Server) attachedMedia(c *call, pageID string) ([]string, reply) {
	var ids []string
	for i := 0; ; i++ {
		raw := c.q.Get("attached_media[" + strconv.Itoa(i) + "]")
		if raw == "" {
			return ids, reply{}
		}
		var m struct {
			ID string `json:"media_fbid"`
		}
		_ = json.Unmarshal([]byte(raw), &m)
		ph, ok := s.pub.photos[m.ID]
		if !ok || ph.pageID != pageID || ph.published || ph.used {
			return nil, graphErr(http.StatusBadRequest, "(#100) param attached_media["+strconv.Itoa(i)+"] has invalid media_fbid "+m.ID, "OAuthException", 100, 0)
		}
		ids = append(ids, m.ID)
	}
}

func (s *Server) addPost(c *call, pageID, msg string, photos []string) *Post {
	p := &Post{ID: pageID + "_" + s.pub.nextID(), PageID: pageID, Message: msg, Photos: photos, Created: c.now}
	s.pub.posts[p.ID] = p
	s.pub.order = append(s.pub.order, p.ID)
	if msg != "" {
		s.pub.lastMsg[pageID] = msg
	}
	return p
}

// photo is POST /{page}/photos with a multipart source (or url) and caption;
// published=false keeps it unpublished for attached_media.
func (s *Server) photo(c *call) reply {
	if _, rep := s.pageToken(c); rep.status != 0 {
		return rep
	}
	pageID := c.r.PathValue("id")
	if !hasSource(c) {
		return graphErr(http.StatusBadRequest, "(#324) Requires upload file", "OAuthException", 324, 2069019)
	}
	caption := c.q.Get("caption")
	if caption == "" {
		caption = c.q.Get("message")
	}
	published := c.q.Get("published") != "false"
	if rep, ok := s.checkMessage(pageID, caption); published && !ok {
		return rep
	}
	ph := &photo{id: s.pub.nextID(), pageID: pageID, caption: caption, published: published}
	s.pub.photos[ph.id] = ph
	if !published {
		return jsonReply(map[string]string{"id": ph.id})
	}
	p := s.addPost(c, pageID, caption, []string{ph.id})
	return jsonReply(map[string]string{"id": ph.id, "post_id": p.ID})
}

func hasSource(c *call) bool {
	if c.q.Get("url") != "" {
		return true
	}
	if c.r.MultipartForm == nil {
		return false
	}
	fh := c.r.MultipartForm.File["source"]
	return len(fh) > 0 && fh[0].Size > 0
}

// listPosts is GET /{page}/posts: live posts newest first, since/until (Unix) and
// limit/after paging; fields id, message, created_time, permalink_url.
func (s *Server) listPosts(c *call) reply {
	if _, rep := s.pageToken(c); rep.status != 0 {
		return rep
	}
	since, _ := strconv.ParseInt(c.q.Get("since"), 10, 64)
	sel := s.pagePosts(c.r.PathValue("id"), func(p *Post) bool { return p.publishedAt(c.now) && p.shownTime().Unix() >= since })
	slices.SortStableFunc(sel, func(a, b *Post) int { return b.shownTime().Compare(a.shownTime()) })
	return s.postList(c, sel, []string{"id", "message", "created_time"})
}

// listScheduled is GET /{page}/scheduled_posts: posts waiting for their time, newest first.
func (s *Server) listScheduled(c *call) reply {
	if _, rep := s.pageToken(c); rep.status != 0 {
		return rep
	}
	sel := s.pagePosts(c.r.PathValue("id"), func(p *Post) bool { return !p.ScheduledAt.IsZero() && !p.publishedAt(c.now) })
	return s.postList(c, sel, []string{"id", "message", "created_time", "scheduled_publish_time"})
}

// pagePosts is the Page's live posts that keep says yes to, newest created first.
func (s *Server) pagePosts(pageID string, keep func(*Post) bool) []*Post {
	var sel []*Post
	for _, id := range slices.Backward(s.pub.order) {
		if p := s.pub.posts[id]; p.PageID == pageID && !p.Deleted && keep(p) {
			sel = append(sel, p)
		}
	}
	return sel
}

// postList answers one page of sel with the requested fields (def when none).
func (s *Server) postList(c *call, sel []*Post, def []string) reply {
	start, end := pageWindow(c, len(sel))
	fields := splitFields(c.q.Get("fields"), def)
	data := []map[string]any{}
	for _, p := range sel[start:end] {
		data = append(data, postFields(p, c.now, fields))
	}
	out := map[string]any{"data": data}
	if len(sel) > 0 {
		out["paging"] = s.paging(c, start, end, len(sel))
	}
	return jsonReply(out)
}

// postFieldNames are the Post node fields the fake knows; others are refused.
var postFieldNames = []string{"id", "message", "created_time", "permalink_url", "is_published", "scheduled_publish_time", "link"}

func postFields(p *Post, now time.Time, fields []string) map[string]any {
	out := map[string]any{"id": p.ID}
	for _, f := range fields {
		switch f {
		case "message":
			if p.Message != "" {
				out["message"] = p.Message
			}
		case "link":
			if p.Link != "" {
				out["link"] = p.Link
			}
		case "created_time":
			out["created_time"] = graphTime(p.shownTime())
		case "permalink_url":
			out["permalink_url"] = "https://www.facebook.com/" + strings.Replace(p.ID, "_", "/posts/", 1)
		case "is_published":
			out["is_published"] = p.publishedAt(now)
		case "scheduled_publish_time":
			if !p.ScheduledAt.IsZero() {
				out["scheduled_publish_time"] = p.ScheduledAt.Unix()
			}
		}
	}
	return out
}

// graphTime is Graph's time format, "2006-01-02T15:04:05+0000".
func graphTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05-0700") }

// nonexistingField is Graph's refusal of a field the node type does not have.
func nonexistingField(field, nodeType string) reply {
	return graphErr(http.StatusBadRequest, "(#100) Tried accessing nonexisting field ("+field+") on node type ("+nodeType+")", "OAuthException", 100, 0)
}

// postNode is GET /{post-id} for the Page's own token (or its manager's user token).
func (s *Server) postNode(c *call, p *Post) reply {
	fields := splitFields(c.q.Get("fields"), []string{"id", "message", "created_time"})
	for _, f := range fields {
		if !slices.Contains(postFieldNames, f) {
			return nonexistingField(f, "Post")
		}
	}
	return jsonReply(postFields(p, c.now, fields))
}

// deleteNode is DELETE /{post} or DELETE /{video}: the Page's token removes its own
// post (published or scheduled) or video.
func (s *Server) deleteNode(c *call) reply {
	id := c.r.PathValue("id")
	t, rep := s.validToken(c, accessTokenOf(c))
	if t == nil {
		return rep
	}
	s.pub.init()
	pageID, deleted := "", (*bool)(nil)
	if p, ok := s.pub.posts[id]; ok && !p.Deleted {
		pageID, deleted = p.PageID, &p.Deleted
	} else if v, ok := s.pub.videos[id]; ok && v.finished && !v.deleted {
		pageID, deleted = v.pageID, &v.deleted
	}
	if deleted == nil || t.Kind != KindPage || t.PageID != pageID {
		return missingObject(id)
	}
	if !hasAll(t.Scopes, pageScopes) {
		return graphErr(http.StatusForbidden, permissionWords, "OAuthException", 200, 0)
	}
	*deleted = true
	return jsonReply(map[string]bool{"success": true})
}
