package linkedinfake

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MaxCommentary is the longest commentary the fake accepts.
const MaxCommentary = 3000

// reserved are the characters LinkedIn's "little text" commentary wants backslash-escaped.
const reserved = `\<>#~_|[]*(){}@`

// Post is a stored post. Commentary is the text as LinkedIn shows it (escapes removed).
type Post struct {
	URN        string
	Author     string
	Commentary string
	MediaID    string // content.media.id: an image or video URN
	AltText    string
	Title      string        // content.media.title
	Images     []ImageInPost // content.multiImage.images
	Created    time.Time
	Deleted    bool
}

// ImageInPost is one image of a multiImage post.
type ImageInPost struct {
	ID      string `json:"id"`
	AltText string `json:"altText"`
}

type image struct {
	owner    string
	data     []byte
	uploaded bool
}

// IssueToken grants memberID an access token with scopes directly (no browser flow).
func (s *Server) IssueToken(memberID string, scopes ...string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok := randomToken()
	s.access[tok] = &accessToken{g: &grant{memberID: memberID, scopes: scopes}, expires: s.opts.Now().Add(s.opts.AccessTTL)}
	return tok
}

// Posts returns the stored posts (deleted ones included), oldest first.
func (s *Server) Posts() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Post, len(s.posts))
	for i, p := range s.posts {
		out[i] = *p
	}
	return out
}

// ImageData returns the bytes uploaded for an image URN.
func (s *Server) ImageData(urn string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if im := s.images[urn]; im != nil {
		return slices.Clone(im.data)
	}
	return nil
}

// DropNextPostResponse makes the next POST /rest/posts store the post and then close
// the connection without answering (a response lost in flight).
func (s *Server) DropNextPostResponse() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropPost = true
}

// FailNextPost answers the next POST /rest/posts with status and message instead of storing it.
func (s *Server) FailNextPost(status int, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := apiErr(status, 0, "", message)
	s.failPost = &r
}

// postsHandler is POST /rest/posts; it may drop the answer after storing the post.
func (s *Server) postsHandler(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.calls["POST /rest/posts"]++
	rep := s.createPost(&call{R: r, Now: s.opts.Now().UTC()})
	drop := s.dropPost && rep.Status == http.StatusCreated
	s.dropPost = s.dropPost && !drop
	s.mu.Unlock()
	if drop {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	rep.Write(w, "application/json")
}

// author checks that urn is the token's member or an organization the member
// administers, and that the grant holds the matching write scope.
func (s *Server) author(g *grant, urn string) *reply {
	var rep reply
	if id, ok := strings.CutPrefix(urn, "urn:li:person:"); ok {
		if id != g.memberID {
			rep = apiErr(http.StatusForbidden, 100, "ACCESS_DENIED", "Unpermitted fields present in REQUEST_BODY: Data Processing Exception while processing fields [/author]")
			return &rep
		}
		return s.scope(g, "w_member_social")
	}
	id, ok := strings.CutPrefix(urn, "urn:li:organization:")
	if !ok || !slices.ContainsFunc(s.members[g.memberID].Roles, func(r Role) bool {
		return r.OrganizationID == id && r.Role == "ADMINISTRATOR" && r.State == "APPROVED"
	}) {
		rep = apiErr(http.StatusForbidden, 100, "ACCESS_DENIED", "Not enough permissions to post as "+urn)
		return &rep
	}
	return s.scope(g, "w_organization_social")
}

func (s *Server) scope(g *grant, want string) *reply {
	if slices.Contains(g.scopes, want) {
		return nil
	}
	rep := apiErr(http.StatusForbidden, 100, "ACCESS_DENIED", "Not enough permissions to access: partnerApiPostsExternal.CREATE.20260101")
	return &rep
}

// restCall runs the header and token checks every publishing call shares.
func (s *Server) restCall(c *call) (*grant, *reply) {
	if rep := s.restHeaders(c); rep != nil {
		return nil, rep
	}
	return s.bearer(c, "w_member_social", "w_organization_social", "r_member_social", "r_organization_social")
}

type postBody struct {
	Author       string `json:"author"`
	Commentary   string `json:"commentary"`
	Visibility   string `json:"visibility"`
	Distribution struct {
		FeedDistribution string `json:"feedDistribution"`
	} `json:"distribution"`
	LifecycleState string `json:"lifecycleState"`
	Content        *struct {
		Media *struct {
			ID      string `json:"id"`
			AltText string `json:"altText"`
			Title   string `json:"title"`
		} `json:"media"`
		MultiImage *struct {
			Images []ImageInPost `json:"images"`
		} `json:"multiImage"`
	} `json:"content"`
}

func (s *Server) createPost(c *call) reply {
	g, rep := s.restCall(c)
	if rep != nil {
		return *rep
	}
	var b postBody
	if err := json.NewDecoder(c.R.Body).Decode(&b); err != nil {
		return apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "Malformed request body: "+err.Error())
	}
	if rep := s.validatePost(g, b); rep != nil {
		return *rep
	}
	if s.failPost != nil {
		r := *s.failPost
		s.failPost = nil
		return r
	}
	text, bad := unescape(b.Commentary)
	if bad && s.opts.RejectUnescaped {
		return apiErr(http.StatusUnprocessableEntity, 0, "UNPROCESSABLE_ENTITY", "Commentary contains unescaped reserved characters")
	}
	s.seq++
	p := &Post{URN: "urn:li:share:" + strconv.Itoa(7000000000000000000+s.seq), Author: b.Author, Commentary: text, Created: c.Now}
	if b.Content != nil && b.Content.Media != nil {
		p.MediaID, p.AltText, p.Title = b.Content.Media.ID, b.Content.Media.AltText, b.Content.Media.Title
	}
	if b.Content != nil && b.Content.MultiImage != nil {
		p.Images = slices.Clone(b.Content.MultiImage.Images)
	}
	s.posts = append(s.posts, p)
	return reply{Status: http.StatusCreated, Header: http.Header{"X-Restli-Id": {p.URN}}}
}

func (s *Server) validatePost(g *grant, b postBody) *reply {
	var rep reply
	switch {
	case b.Author == "" || b.Commentary == "" || b.Visibility == "" || b.Distribution.FeedDistribution == "":
		rep = apiErr(http.StatusUnprocessableEntity, 0, "UNPROCESSABLE_ENTITY", "ERROR :: /author, /commentary, /visibility and /distribution/feedDistribution are required")
	case b.LifecycleState != "PUBLISHED":
		rep = apiErr(http.StatusUnprocessableEntity, 0, "UNPROCESSABLE_ENTITY", "ERROR :: /lifecycleState :: must be PUBLISHED")
	case len([]rune(b.Commentary)) > MaxCommentary:
		rep = apiErr(http.StatusUnprocessableEntity, 0, "UNPROCESSABLE_ENTITY", "ERROR :: /commentary :: length of 3000 exceeded")
	default:
		if r := s.author(g, b.Author); r != nil {
			return r
		}
		return s.validateContent(b)
	}
	return &rep
}

// validateContent checks content.media (one image or video) or content.multiImage
// (2..MaxImages images): each URN must be usable and owned by the author.
func (s *Server) validateContent(b postBody) *reply {
	if b.Content == nil {
		return nil
	}
	var rep reply
	switch c := b.Content; {
	case c.Media != nil && c.MultiImage != nil:
		rep = apiErr(http.StatusUnprocessableEntity, 0, "UNPROCESSABLE_ENTITY", "ERROR :: /content :: only one of media or multiImage may be set")
	case c.Media != nil:
		return s.usableMedia(c.Media.ID, b.Author)
	case c.MultiImage != nil && (len(c.MultiImage.Images) < 2 || len(c.MultiImage.Images) > s.opts.MaxImages):
		rep = apiErr(http.StatusUnprocessableEntity, 0, "UNPROCESSABLE_ENTITY",
			"ERROR :: /content/multiImage/images :: must hold 2 to "+strconv.Itoa(s.opts.MaxImages)+" images")
	case c.MultiImage != nil:
		for _, im := range c.MultiImage.Images {
			if !strings.HasPrefix(im.ID, "urn:li:image:") {
				rep = apiErr(http.StatusUnprocessableEntity, 0, "UNPROCESSABLE_ENTITY", "ERROR :: /content/multiImage/images :: "+im.ID+" is not an image")
				return &rep
			}
			if r := s.usableMedia(im.ID, b.Author); r != nil {
				return r
			}
		}
		return nil
	default:
		return nil
	}
	return &rep
}

// usableMedia requires an uploaded image or an AVAILABLE video owned by author.
func (s *Server) usableMedia(urn, author string) *reply {
	owner, ready := "", false
	if im := s.images[urn]; im != nil {
		owner, ready = im.owner, im.uploaded
	} else if v := s.videos[urn]; v != nil {
		owner, ready = v.owner, v.status(s.opts.VideoReads) == VideoAvailable
	}
	var rep reply
	switch {
	case !ready:
		rep = apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "Media "+urn+" is not AVAILABLE")
	case owner != author:
		rep = apiErr(http.StatusUnprocessableEntity, 0, "UNPROCESSABLE_ENTITY", "Media "+urn+" is owned by "+owner+", not by the author "+author)
	default:
		return nil
	}
	return &rep
}

// unescape removes the little-text escapes; an unescaped reserved character makes LinkedIn
// drop the rest of the text (bad is then true).
func unescape(s string) (text string, bad bool) {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == '\\' && i+1 < len(rs) && strings.ContainsRune(reserved, rs[i+1]):
			i++
			b.WriteRune(rs[i])
		case strings.ContainsRune(reserved, rs[i]):
			return b.String(), true
		default:
			b.WriteRune(rs[i])
		}
	}
	return b.String(), false
}

// escape is the little-text form of text.
func escape(text string) string {
	var b strings.Builder
	for _, r := range text {
		if strings.ContainsRune(reserved, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// listPosts is GET /rest/posts?q=author&author=<urn>[&start][&count], newest first.
func (s *Server) listPosts(c *call) reply {
	g, rep := s.restCall(c)
	if rep != nil {
		return *rep
	}
	q := c.R.URL.Query()
	if q.Get("q") != "author" {
		return apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "Unsupported finder: q="+q.Get("q"))
	}
	if rep := s.readAuthor(g, q.Get("author")); rep != nil {
		return *rep
	}
	var all []map[string]any
	for _, p := range slices.Backward(s.posts) {
		if p.Author == q.Get("author") && !p.Deleted {
			ms := p.Created.UnixMilli()
			all = append(all, map[string]any{"id": p.URN, "author": p.Author, "commentary": escape(p.Commentary),
				"createdAt": ms, "lastModifiedAt": ms, "publishedAt": ms, "lifecycleState": "PUBLISHED", "visibility": "PUBLIC"})
		}
	}
	start, count := intParam(q.Get("start"), 0), intParam(q.Get("count"), 10)
	return reply{Status: http.StatusOK, Body: map[string]any{
		"elements": all[min(start, len(all)):min(start+count, len(all))],
		"paging":   map[string]any{"start": start, "count": count, "total": len(all), "links": []any{}},
	}}
}

// readAuthor lets a member read their own posts and those of organizations they administer.
func (s *Server) readAuthor(g *grant, urn string) *reply {
	rep := s.author(g, urn)
	if rep != nil && rep.Status == http.StatusForbidden && strings.HasPrefix(urn, "urn:li:organization:") && slices.Contains(g.scopes, "r_organization_social") {
		return s.author(&grant{memberID: g.memberID, scopes: []string{"w_organization_social"}}, urn)
	}
	return rep
}

// deletePost is DELETE /rest/posts/{urn}: 204, again 204 for a deleted post.
func (s *Server) deletePost(c *call) reply {
	g, rep := s.restCall(c)
	if rep != nil {
		return *rep
	}
	urn := c.R.PathValue("urn")
	i := slices.IndexFunc(s.posts, func(p *Post) bool { return p.URN == urn })
	if i < 0 {
		return apiErr(http.StatusNotFound, 0, "NOT_FOUND", "Post "+urn+" not found")
	}
	if rep := s.author(g, s.posts[i].Author); rep != nil {
		return *rep
	}
	s.posts[i].Deleted = true
	return reply{Status: http.StatusNoContent}
}

// initializeImage is POST /rest/images?action=initializeUpload.
func (s *Server) initializeImage(c *call) reply {
	g, rep := s.restCall(c)
	if rep != nil {
		return *rep
	}
	if c.R.URL.Query().Get("action") != "initializeUpload" {
		return apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "Unsupported action: "+c.R.URL.Query().Get("action"))
	}
	var b struct {
		Req struct {
			Owner string `json:"owner"`
		} `json:"initializeUploadRequest"`
	}
	if err := json.NewDecoder(c.R.Body).Decode(&b); err != nil || b.Req.Owner == "" {
		return apiErr(http.StatusUnprocessableEntity, 0, "UNPROCESSABLE_ENTITY", "ERROR :: /initializeUploadRequest/owner :: field is required")
	}
	if rep := s.author(g, b.Req.Owner); rep != nil {
		return *rep
	}
	s.seq++
	id := "D4E10AQ" + strconv.Itoa(s.seq)
	s.images["urn:li:image:"+id] = &image{owner: b.Req.Owner}
	return reply{Status: http.StatusOK, Body: map[string]any{"value": map[string]any{
		"uploadUrl": s.URL + "/dms-uploads/" + id, "image": "urn:li:image:" + id,
		"uploadUrlExpiresAt": c.Now.Add(time.Hour).UnixMilli(),
	}}}
}

// uploadImage is the PUT to an uploadUrl: the whole file in one request (a second PUT overwrites).
func (s *Server) uploadImage(c *call) reply {
	if _, rep := s.bearer(c, "w_member_social", "w_organization_social"); rep != nil {
		return *rep
	}
	im := s.images["urn:li:image:"+c.R.PathValue("id")]
	if im == nil {
		return apiErr(http.StatusNotFound, 0, "NOT_FOUND", "Upload not found")
	}
	data, err := io.ReadAll(c.R.Body)
	if err != nil || len(data) == 0 {
		return apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "Empty upload")
	}
	im.data, im.uploaded = data, true
	return reply{Status: http.StatusCreated}
}
