package xcomfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/text"
)

// Publishing limits (platforms.md §1 Limits).
const (
	maxWeighted    = 280
	tweetsLimit    = 100 // POST /2/tweets per user per 15 min
	deleteLimit    = 50  // DELETE /2/tweets/:id per user per 15 min
	timelineLimit  = 900 // GET /2/users/:id/tweets per user per 15 min
	duplicateAfter = 24 * time.Hour
	// DuplicateDetail is X's words for a repeated text (platforms.md §1 [X12]).
	DuplicateDetail = "You are not allowed to create a Tweet with duplicate content."
)

// Tweet is a post stored by the fake.
type Tweet struct {
	ID        string
	AuthorID  string
	Text      string // as the user sent it
	MediaIDs  []string
	InReplyTo string // reply.in_reply_to_tweet_id, "" for a post that replies to nothing
	CreatedAt time.Time
	Deleted   bool
}

// shown is the text as X returns it: links shortened to t.co and, with media, the
// media link appended.
func (t *Tweet) shown() string {
	s := urlRe.ReplaceAllStringFunc(t.Text, func(string) string { return "https://t.co/" + t.ID[len(t.ID)-10:] })
	if len(t.MediaIDs) > 0 {
		s += " https://t.co/m" + t.ID[len(t.ID)-9:]
	}
	return s
}

var urlRe = regexp.MustCompile(`https?://[^\s]+`)

// SetLimit replaces the per-15-minute limit of a route (Route* constants) for every user;
// 0 makes the next call answer 429.
func (s *Server) SetLimit(route string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.limits[route] = n
}

// Tweets returns copies of username's tweets (deleted ones included), oldest first.
func (s *Server) Tweets(username string) []Tweet {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.userLocked(username)
	var out []Tweet
	for _, t := range s.st.tweets {
		if t.AuthorID == u.ID {
			out = append(out, *t)
		}
	}
	return out
}

// createBody is POST /2/tweets's schema (additionalProperties false).
type createBody struct {
	Text  *string `json:"text"`
	Media *struct {
		MediaIDs []string `json:"media_ids"`
	} `json:"media"`
	Reply           *replyBody `json:"reply"`
	ReplySettings   string     `json:"reply_settings"`
	MadeWithAI      bool       `json:"made_with_ai"`
	PaidPartnership bool       `json:"paid_partnership"`
}

// replyBody is the reply object of POST /2/tweets.
type replyBody struct {
	InReplyToTweetID    string   `json:"in_reply_to_tweet_id"`
	ExcludeReplyUserIDs []string `json:"exclude_reply_user_ids"`
}

// ReplyRefused is X's words for a reply to a post that is gone (platforms.md §1 gives no
// wording; this is the v2 API's, unverified).
const ReplyRefused = "You attempted to reply to a Tweet that is deleted or not visible to you."

// createTweet is POST /2/tweets (scope tweet.write).
func (s *Server) createTweet(c *call) reply {
	tok, denied := s.bearer(c, "tweet.write")
	if denied != nil {
		return *denied
	}
	hdr, over := s.rateLimit(c, tok.UserID, RouteTweets, tweetsLimit)
	if over {
		return tooMany(hdr)
	}
	var b createBody
	dec := json.NewDecoder(c.R.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil || (b.Text == nil && b.Media == nil) {
		return withHeader(invalidBody("body", "The request body must be JSON with `text` or `media`."), hdr)
	}
	if rep := s.checkTweet(tok.UserID, b, c.Now); rep != nil {
		return withHeader(*rep, hdr)
	}
	t := s.storeTweetLocked(tok.UserID, b, c.Now)
	return withHeader(jsonReply(http.StatusCreated, map[string]any{"data": map[string]any{
		"id": t.ID, "text": t.shown(), "edit_history_tweet_ids": []string{t.ID}}}), hdr)
}

func (s *Server) storeTweetLocked(userID string, b createBody, now time.Time) *Tweet {
	s.st.nextID++
	t := &Tweet{ID: strconv.FormatInt(s.st.nextID, 10), AuthorID: userID, CreatedAt: now}
	if b.Text != nil {
		t.Text = *b.Text
	}
	if b.Media != nil {
		t.MediaIDs = slices.Clone(b.Media.MediaIDs)
	}
	if b.Reply != nil {
		t.InReplyTo = b.Reply.InReplyToTweetID
	}
	s.st.tweets = append(s.st.tweets, t)
	return t
}

// checkTweet applies the text, media and duplicate rules; nil when the tweet is fine.
func (s *Server) checkTweet(userID string, b createBody, now time.Time) *reply {
	txt := ""
	if b.Text != nil {
		txt = *b.Text
	}
	if n := text.Measure(model.X, txt, text.Options{}).Used; n > maxWeighted {
		rep := invalidBody("text", fmt.Sprintf("Your Tweet text is too long: its weighted length is %d, the limit is %d.", n, maxWeighted))
		return &rep
	}
	if b.Media != nil {
		if rep := s.checkMedia(userID, b.Media.MediaIDs); rep != nil {
			return rep
		}
	}
	if b.Reply != nil {
		if rep := s.checkReply(b.Reply.InReplyToTweetID); rep != nil {
			return rep
		}
	}
	for _, t := range s.st.tweets {
		if txt != "" && t.AuthorID == userID && !t.Deleted && t.Text == txt && now.Sub(t.CreatedAt) < duplicateAfter {
			rep := problem(http.StatusForbidden, "Forbidden", DuplicateDetail, typeAboutBlank)
			return &rep
		}
	}
	return nil
}

var mediaIDRe = regexp.MustCompile(`^[0-9]{1,19}$`)

// checkMedia requires 1..4 ids of the user's processed media, at most one video or GIF
// and no mix of a video or GIF with images.
func (s *Server) checkMedia(userID string, ids []string) *reply {
	bad := func(msg string) *reply { rep := invalidBody("media.media_ids", msg); return &rep }
	if len(ids) < 1 || len(ids) > 4 {
		return bad(fmt.Sprintf("Your media IDs are invalid: %d were sent, 1 to 4 are allowed.", len(ids)))
	}
	moving := 0
	for _, id := range ids {
		m := s.st.media[id]
		switch {
		case !mediaIDRe.MatchString(id) || m == nil || m.ownerID != userID:
			return bad("Your media IDs are invalid: " + id + " is not one of your uploads.")
		case m.state != stateSucceeded:
			return bad("Your media IDs are invalid: " + id + " is not processed yet.")
		case m.category != "tweet_image":
			moving++
		}
	}
	if moving > 0 && len(ids) > 1 {
		return bad("Your media IDs are invalid: a post holds up to 4 images or 1 video or GIF.")
	}
	return nil
}

// checkReply requires the replied-to post to exist and not be deleted. Replies to other
// users' posts are not restricted (the 2026 "summoned replies" rule is unverified).
func (s *Server) checkReply(id string) *reply {
	if !mediaIDRe.MatchString(id) {
		rep := invalidBody("reply.in_reply_to_tweet_id", "The `reply.in_reply_to_tweet_id` value ["+id+"] does not match ^[0-9]{1,19}$.")
		return &rep
	}
	if !slices.ContainsFunc(s.st.tweets, func(t *Tweet) bool { return t.ID == id && !t.Deleted }) {
		rep := problem(http.StatusForbidden, "Forbidden", ReplyRefused, typeAboutBlank)
		return &rep
	}
	return nil
}

// invalidBody is the API's 400 for a bad body field.
func invalidBody(field, msg string) reply {
	rep := problem(http.StatusBadRequest, "Invalid Request", "One or more parameters to your request was invalid.", typeInvalidRequest)
	rep.Body.(map[string]any)["errors"] = []map[string]any{{"parameters": map[string][]string{field: {}}, "message": msg}}
	return rep
}

// deleteTweet is DELETE /2/tweets/{id}: 404 unknown, 403 someone else's.
func (s *Server) deleteTweet(c *call) reply {
	tok, denied := s.bearer(c, "tweet.write")
	if denied != nil {
		return *denied
	}
	hdr, over := s.rateLimit(c, tok.UserID, RouteDelete, deleteLimit)
	if over {
		return tooMany(hdr)
	}
	id := c.R.PathValue("id")
	i := slices.IndexFunc(s.st.tweets, func(t *Tweet) bool { return t.ID == id && !t.Deleted })
	switch {
	case i < 0:
		return withHeader(problem(http.StatusNotFound, "Not Found Error", "Could not find tweet with id: ["+id+"].", typeNotFound), hdr)
	case s.st.tweets[i].AuthorID != tok.UserID:
		return withHeader(problem(http.StatusForbidden, "Forbidden", "You are not authorized to delete this Tweet.", typeAboutBlank), hdr)
	}
	s.st.tweets[i].Deleted = true
	return withHeader(jsonReply(http.StatusOK, map[string]any{"data": map[string]bool{"deleted": true}}), hdr)
}

// userTweets is GET /2/users/{id}/tweets: newest first, max_results 5..100 (10),
// start_time, pagination_token, tweet.fields=created_at.
func (s *Server) userTweets(c *call) reply {
	tok, denied := s.bearer(c, "tweet.read", "users.read")
	if denied != nil {
		return *denied
	}
	hdr, over := s.rateLimit(c, tok.UserID, RouteTimeline, timelineLimit)
	if over {
		return tooMany(hdr)
	}
	q := c.R.URL.Query()
	page, rep := pageParams(q.Get("max_results"), q.Get("start_time"))
	if rep != nil {
		return withHeader(*rep, hdr)
	}
	if s.userByIDLocked(c.R.PathValue("id")) == nil {
		return withHeader(problem(http.StatusNotFound, "Not Found Error", "Could not find user with id: ["+c.R.PathValue("id")+"].", typeNotFound), hdr)
	}
	page.after = q.Get("pagination_token")
	fields := strings.Split(q.Get("tweet.fields"), ",")
	page.createdAt = slices.Contains(fields, "created_at")
	page.referenced = slices.Contains(fields, "referenced_tweets")
	return withHeader(jsonReply(http.StatusOK, s.timelineLocked(c.R.PathValue("id"), page)), hdr)
}

type pageQuery struct {
	max        int
	since      time.Time
	after      string // pagination token: the last id of the previous page
	createdAt  bool
	referenced bool // tweet.fields=referenced_tweets
}

func pageParams(maxResults, startTime string) (pageQuery, *reply) {
	p := pageQuery{max: 10}
	if maxResults != "" {
		n, err := strconv.Atoi(maxResults)
		if err != nil || n < 5 || n > 100 {
			rep := invalidBody("max_results", "The `max_results` query parameter value ["+maxResults+"] is not between 5 and 100")
			return p, &rep
		}
		p.max = n
	}
	if startTime != "" {
		t, err := time.Parse(time.RFC3339, startTime)
		if err != nil {
			rep := invalidBody("start_time", "Invalid 'start_time':'"+startTime+"'. 'start_time' must be a valid RFC3339 date.")
			return p, &rep
		}
		p.since = t
	}
	return p, nil
}

// timelineLocked builds one page of a user's tweets, newest first.
func (s *Server) timelineLocked(userID string, p pageQuery) map[string]any {
	var all []*Tweet
	for _, t := range slices.Backward(s.st.tweets) {
		if t.AuthorID == userID && !t.Deleted && !t.CreatedAt.Before(p.since) {
			all = append(all, t)
		}
	}
	if p.after != "" {
		i := slices.IndexFunc(all, func(t *Tweet) bool { return t.ID == p.after })
		all = all[i+1:]
	}
	data := []map[string]any{}
	meta := map[string]any{}
	for i, t := range all {
		if i == p.max {
			meta["next_token"] = all[i-1].ID
			break
		}
		d := map[string]any{"id": t.ID, "text": t.shown(), "edit_history_tweet_ids": []string{t.ID}}
		if p.createdAt {
			d["created_at"] = t.CreatedAt.Format("2006-01-02T15:04:05.000Z")
		}
		if p.referenced && t.InReplyTo != "" {
			d["referenced_tweets"] = []map[string]string{{"type": "replied_to", "id": t.InReplyTo}}
		}
		data = append(data, d)
	}
	meta["result_count"] = len(data)
	if len(data) == 0 {
		return map[string]any{"meta": meta}
	}
	meta["newest_id"], meta["oldest_id"] = data[0]["id"], data[len(data)-1]["id"]
	return map[string]any{"data": data, "meta": meta}
}

// DropTweetResponse makes the n-th next POST /2/tweets (1: the next one) store its tweet
// and then close the connection without an answer, as when the app is killed or the
// network drops after X acted.
func (s *Server) DropTweetResponse(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropTweet = n
}

// tweetsHandler is POST /2/tweets; it may drop the answer after storing the tweet.
func (s *Server) tweetsHandler(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.calls[RouteTweets]++
	rep := s.createTweet(&call{R: r, Now: s.opts.Now().UTC()})
	drop := false
	if s.dropTweet > 0 {
		s.dropTweet--
		drop = s.dropTweet == 0 && rep.Status == http.StatusCreated
	}
	s.mu.Unlock()
	if drop {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	rep.Write(w, jsonType)
}
