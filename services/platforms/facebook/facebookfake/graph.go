package facebookfake

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// accessTokenOf reads the token from the query/form or an Authorization header.
func accessTokenOf(c *call) string {
	if t := c.q.Get("access_token"); t != "" {
		return t
	}
	h := c.r.Header.Get("Authorization")
	for _, p := range []string{"Bearer ", "OAuth "} {
		if strings.HasPrefix(h, p) {
			return strings.TrimPrefix(h, p)
		}
	}
	return ""
}

// validToken checks a token the way Graph does: unknown, expired, invalidated sessions
// and deauthorized apps are all code 190 with their subcodes.
func (s *Server) validToken(c *call, value string) (*Token, reply) {
	if value == "" {
		return nil, graphErr(http.StatusBadRequest, "An active access token must be used to query information about the current user.", "OAuthException", 2500, 0)
	}
	t, ok := s.tokens[value]
	if !ok {
		return nil, graphErr(http.StatusBadRequest, "Invalid OAuth access token - Cannot parse access token", "OAuthException", 190, 0)
	}
	u := s.users[t.UserID]
	switch {
	case t.deauth != u.deauth[t.AppID]:
		return nil, graphErr(http.StatusBadRequest, "Error validating access token: The user has not authorized application "+t.AppID+".", "OAuthException", 190, 458)
	case t.epoch != u.epoch:
		return nil, graphErr(http.StatusBadRequest, "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.", "OAuthException", 190, 460)
	case !t.Expires.IsZero() && !c.now.Before(t.Expires):
		return nil, graphErr(http.StatusBadRequest, "Error validating access token: Session has expired on "+fbTime(t.Expires)+". The current time is "+fbTime(c.now)+".", "OAuthException", 190, 463)
	}
	return t, reply{}
}

func fbTime(t time.Time) string { return t.UTC().Format("Monday, 02-Jan-06 15:04:05 MST") }

// userToken requires a valid user (not Page) token.
func (s *Server) userToken(c *call) (*Token, reply) {
	t, rep := s.validToken(c, accessTokenOf(c))
	if t == nil {
		return nil, rep
	}
	if t.Kind != KindUser {
		return nil, graphErr(http.StatusBadRequest, "(#100) Tried accessing nonexisting field (accounts) on node type (Page)", "OAuthException", 100, 0)
	}
	return t, reply{}
}

// permissions is GET /me/permissions: granted and declined permissions.
func (s *Server) permissions(c *call) reply {
	t, rep := s.userToken(c)
	if t == nil {
		return rep
	}
	data := []map[string]string{}
	for _, sc := range t.Scopes {
		data = append(data, map[string]string{"permission": sc, "status": "granted"})
	}
	for sc := range s.users[t.UserID].declined {
		data = append(data, map[string]string{"permission": sc, "status": "declined"})
	}
	return jsonReply(map[string]any{"data": data})
}

// revoke is DELETE /me/permissions: the user deauthorizes the app; every token of the
// user for this app dies (190/458).
func (s *Server) revoke(c *call) reply {
	t, rep := s.userToken(c)
	if t == nil {
		return rep
	}
	s.users[t.UserID].deauth[t.AppID]++
	return jsonReply(map[string]bool{"success": true})
}

// accounts is GET /me/accounts: the user's Pages with the requested fields, paged
// with limit/after cursors. It needs pages_show_list.
func (s *Server) accounts(c *call) reply {
	t, rep := s.userToken(c)
	if t == nil {
		return rep
	}
	if !slices.Contains(t.Scopes, "pages_show_list") {
		return graphErr(http.StatusBadRequest, "(#200) Requires pages_show_list permission to manage the object", "OAuthException", 200, 0)
	}
	fields := splitFields(c.q.Get("fields"), []string{"access_token", "category", "name", "id", "tasks"})
	ids := s.users[t.UserID].pages
	start, end := pageWindow(c, len(ids))
	data := []map[string]any{}
	for _, id := range ids[start:end] {
		data = append(data, s.pageFields(t, s.pages[id], fields))
	}
	out := map[string]any{"data": data}
	if len(ids) > 0 {
		out["paging"] = s.paging(c, start, end, len(ids))
	}
	return jsonReply(out)
}

func pageWindow(c *call, n int) (start, end int) {
	limit, err := strconv.Atoi(c.q.Get("limit"))
	if err != nil || limit <= 0 {
		limit = 25
	}
	start, _ = strconv.Atoi(c.q.Get("after"))
	start = min(max(start, 0), n)
	return start, min(start+limit, n)
}

func (s *Server) paging(c *call, start, end, n int) map[string]any {
	p := map[string]any{"cursors": map[string]string{"before": strconv.Itoa(start), "after": strconv.Itoa(end)}}
	if end < n {
		q := c.r.URL.Query()
		q.Set("after", strconv.Itoa(end))
		p["next"] = s.URL + c.r.URL.Path + "?" + q.Encode()
	}
	return p
}

// pageFields renders a Page; access_token is derived from the caller's user token, and
// only for the Page's own managers.
func (s *Server) pageFields(t *Token, p *Page, fields []string) map[string]any {
	out := map[string]any{}
	for _, f := range fields {
		switch f {
		case "id":
			out["id"] = p.ID
		case "name":
			out["name"] = p.Name
		case "category":
			out["category"] = "Brand"
		case "tasks":
			out["tasks"] = p.Tasks
		case "picture":
			out["picture"] = map[string]any{"data": map[string]any{"url": p.PictureURL, "is_silhouette": p.PictureURL == "", "height": 50, "width": 50}}
		case "access_token":
			if tok := s.pageTokenFor(t, p); tok != "" {
				out["access_token"] = tok
			}
		case "instagram_business_account":
			if p.Instagram != nil {
				out["instagram_business_account"] = map[string]string{"id": p.Instagram.ID}
			}
		}
	}
	return out
}

func (s *Server) pageTokenFor(t *Token, p *Page) string {
	switch {
	case t.Kind == KindPage && t.PageID == p.ID:
		return t.Value
	case t.Kind == KindUser && s.owner[p.ID] == t.UserID:
		return s.newPageTokenLocked(t, p.ID).Value
	}
	return ""
}

// node is GET /{id}: a Page, an Instagram professional account, a Page post or a Page
// video.
func (s *Server) node(c *call) reply {
	t, rep := s.validToken(c, accessTokenOf(c))
	if t == nil {
		return rep
	}
	id := c.r.PathValue("id")
	if id == "me" {
		return jsonReply(map[string]string{"id": t.UserID, "name": s.users[t.UserID].Name})
	}
	if p, ok := s.pages[id]; ok && s.canSeePage(t, p) {
		return jsonReply(s.pageFields(t, p, splitFields(c.q.Get("fields"), []string{"name", "id"})))
	}
	if pid, ok := s.igPage[id]; ok && s.canSeePage(t, s.pages[pid]) && slices.Contains(t.Scopes, "instagram_basic") {
		return jsonReply(igFields(s.pages[pid].Instagram, splitFields(c.q.Get("fields"), []string{"id"})))
	}
	s.pub.init()
	if p, ok := s.pub.posts[id]; ok && !p.Deleted && s.canSeePage(t, s.pages[p.PageID]) {
		return s.postNode(c, p)
	}
	if v, ok := s.pub.videos[id]; ok && !v.deleted && s.canSeePage(t, s.pages[v.pageID]) {
		return s.videoNode(c, v)
	}
	return graphErr(http.StatusBadRequest, "Unsupported get request. Object with ID '"+id+"' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api", "GraphMethodException", 100, 33)
}

func (s *Server) canSeePage(t *Token, p *Page) bool {
	return t.Kind == KindPage && t.PageID == p.ID || t.Kind == KindUser && s.owner[p.ID] == t.UserID
}

func igFields(a *InstagramAccount, fields []string) map[string]any {
	out := map[string]any{}
	for _, f := range fields {
		switch f {
		case "id":
			out["id"] = a.ID
		case "username":
			out["username"] = a.Username
		case "name":
			out["name"] = a.Name
		case "profile_picture_url":
			out["profile_picture_url"] = a.ProfilePictureURL
		}
	}
	if _, ok := out["id"]; !ok {
		out["id"] = a.ID
	}
	return out
}

// splitFields splits a fields list at top-level commas, dropping sub-selections such
// as picture{url}; def applies when the list is empty.
func splitFields(s string, def []string) []string {
	if s == "" {
		return def
	}
	var out []string
	depth, start := 0, 0
	for i, r := range s + "," {
		switch {
		case r == '{':
			depth++
		case r == '}':
			depth--
		case r == ',' && depth == 0:
			f := s[start:min(i, len(s))]
			if j := strings.IndexAny(f, "{."); j >= 0 {
				f = f[:j]
			}
			if f = strings.TrimSpace(f); f != "" {
				out = append(out, f)
			}
			start = i + 1
		}
	}
	return out
}
