package mastodonfake

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

const (
	msgRecordNotFound = "Record not found"
	msgTooMany        = "Cannot attach more than %d files"
	msgImagesAndVideo = "Cannot attach a video to a post that already contains images"
	msgNotReady       = "Cannot attach files that have not finished processing. Try again in a moment!"
	msgBlank          = "Validation failed: Text can't be blank"
	msgTooLong        = "Validation failed: Text character limit of %d exceeded"
	msgTooSoon        = "Validation failed: Scheduled at The scheduled date must be in the future"
	msgBadVisibility  = "Validation failed: Visibility is not included in the list"
	msgPollAndMedia   = "Validation failed: Poll cannot be attached to a post with media"
	idempotencyTTL    = time.Hour
	minScheduleOffset = 5 * time.Minute
)

// statusParams is a POST /api/v1/statuses request.
type statusParams struct {
	text, spoiler, visibility, language, inReplyTo, scheduledAt string
	sensitive                                                   bool
	mediaIDs, pollOptions                                       []string
}

func readStatusParams(r *http.Request) statusParams {
	v, _ := params(r)
	ids := append(v["media_ids[]"], v["media_ids"]...)
	return statusParams{
		text: v.Get("status"), spoiler: v.Get("spoiler_text"), visibility: v.Get("visibility"),
		language: v.Get("language"), inReplyTo: v.Get("in_reply_to_id"), scheduledAt: v.Get("scheduled_at"),
		sensitive: v.Get("sensitive") == "true", mediaIDs: ids,
		pollOptions: append(v["poll[options][]"], v["poll[options]"]...),
	}
}

// postStatus is POST /api/v1/statuses, in PostStatusService's order: idempotency first,
// then media, text and scheduling validations.
func (s *Server) postStatus(c *call) reply {
	if rep := s.auth(c, "write", "write:statuses"); rep != nil {
		return *rep
	}
	key := c.r.Header.Get("Idempotency-Key")
	if rep, ok := s.idempotentReplay(c, key); ok {
		return rep
	}
	p := readStatusParams(c.r)
	media, rep := s.validateMedia(c, p)
	if rep != nil {
		return *rep
	}
	if rep := s.validateText(p, len(media) > 0); rep != nil {
		return *rep
	}
	if p.scheduledAt != "" {
		return s.schedule(c, p, media, key)
	}
	st := s.createStatus(c, p, media, key)
	rep2 := jsonReply(http.StatusOK, s.statusJSON(c.base, st))
	stored := *st
	rep2.stored = &stored
	return rep2
}

// idempotentReplay returns the status an earlier request with the same key created for
// this account within the last hour.
func (s *Server) idempotentReplay(c *call, key string) (reply, bool) {
	if key == "" {
		return reply{}, false
	}
	e := s.st.Idempotency[c.acct.ID+"/"+key]
	if e == nil || !c.now.Before(e.ExpiresAt) {
		return reply{}, false
	}
	if e.Scheduled {
		for _, sc := range s.st.Scheduled {
			if sc.ID == e.StatusID {
				return jsonReply(http.StatusOK, s.scheduledJSON(c.base, sc)), true
			}
		}
		return reply{}, false
	}
	if st := s.statusLocked(e.StatusID); st != nil && !st.Deleted {
		return jsonReply(http.StatusOK, s.statusJSON(c.base, st)), true
	}
	return reply{}, false
}

func (s *Server) validateMedia(c *call, p statusParams) ([]*Media, *reply) {
	fail := func(msg string) ([]*Media, *reply) {
		rep := errReply(http.StatusUnprocessableEntity, msg)
		return nil, &rep
	}
	if len(p.mediaIDs) > s.opts.MaxMediaAttachments {
		return fail(fmt.Sprintf(msgTooMany, s.opts.MaxMediaAttachments))
	}
	var media []*Media
	var missing []string
	for _, id := range p.mediaIDs {
		m := s.st.Media[id]
		if m == nil || m.AccountID != c.acct.ID || m.StatusID != "" {
			missing = append(missing, id)
			continue
		}
		media = append(media, m)
	}
	switch {
	case len(missing) > 0:
		return fail(fmt.Sprintf("Media %s not found. Already attached to another post?", strings.Join(missing, ", ")))
	case len(media) > 1 && slices.ContainsFunc(media, func(m *Media) bool { return m.Type != "image" }):
		return fail(msgImagesAndVideo)
	case slices.ContainsFunc(media, func(m *Media) bool { return m.PollsLeft > 0 }):
		return fail(msgNotReady)
	case len(media) > 0 && len(p.pollOptions) > 0:
		return fail(msgPollAndMedia)
	}
	return media, nil
}

func (s *Server) validateText(p statusParams, withMedia bool) *reply {
	var msg string
	switch {
	case strings.TrimSpace(p.text) == "" && !withMedia:
		msg = msgBlank
	case countChars(p.text, p.spoiler) > s.opts.MaxCharacters:
		msg = fmt.Sprintf(msgTooLong, s.opts.MaxCharacters)
	case p.visibility != "" && !slices.Contains([]string{"public", "unlisted", "private", "direct"}, p.visibility):
		msg = msgBadVisibility
	case p.inReplyTo != "" && s.statusLocked(p.inReplyTo) == nil:
		rep := errReply(http.StatusNotFound, msgRecordNotFound)
		return &rep
	default:
		return nil
	}
	rep := errReply(http.StatusUnprocessableEntity, msg)
	return &rep
}

func (s *Server) createStatus(c *call, p statusParams, media []*Media, key string) *Status {
	st := &Status{
		ID: s.nextID(c.now), AccountID: c.acct.ID, ClientID: c.token.ClientID, Text: p.text,
		SpoilerText: p.spoiler, Visibility: orStr(p.visibility, "public"), Language: orStr(p.language, "en"),
		Sensitive: p.sensitive, InReplyToID: p.inReplyTo, IdempotencyKey: key, CreatedAt: c.now,
	}
	for _, m := range media {
		m.StatusID = st.ID
		st.MediaIDs = append(st.MediaIDs, m.ID)
	}
	s.st.Statuses = append(s.st.Statuses, st)
	s.remember(c, key, st.ID, false)
	return st
}

func (s *Server) remember(c *call, key, id string, scheduled bool) {
	if key != "" {
		s.st.Idempotency[c.acct.ID+"/"+key] = &IdempotencyEntry{StatusID: id, Scheduled: scheduled, ExpiresAt: c.now.Add(idempotencyTTL)}
	}
}

// getStatus is GET /api/v1/statuses/:id.
func (s *Server) getStatus(c *call) reply {
	if rep := s.authIfToken(c, "read", "read:statuses"); rep != nil {
		return *rep
	}
	st := s.statusLocked(c.r.PathValue("id"))
	if st == nil || st.Deleted || !s.visible(c, st) {
		return errReply(http.StatusNotFound, msgRecordNotFound)
	}
	return jsonReply(http.StatusOK, s.statusJSON(c.base, st))
}

// deleteStatus is DELETE /api/v1/statuses/:id (30 per 30 minutes per account).
func (s *Server) deleteStatus(c *call) reply {
	if rep := s.auth(c, "write", "write:statuses"); rep != nil {
		return *rep
	}
	st := s.statusLocked(c.r.PathValue("id"))
	if st == nil || st.Deleted || st.AccountID != c.acct.ID {
		return errReply(http.StatusNotFound, msgRecordNotFound)
	}
	if rep := s.limit(c, "delete", c.acct.ID, s.opts.DeleteLimit, 30*time.Minute, false); rep != nil {
		return *rep
	}
	st.Deleted = true
	body := s.statusJSON(c.base, st)
	body["text"] = st.Text // returned for redraft
	return jsonReply(http.StatusOK, body)
}

func (s *Server) visible(c *call, st *Status) bool {
	if c.acct != nil && c.acct.ID == st.AccountID {
		return true
	}
	return st.Visibility == "public" || st.Visibility == "unlisted"
}

// accountStatuses is GET /api/v1/accounts/:id/statuses, newest first, with max_id,
// since_id, min_id and limit (default 20, at most 40) and a Link header.
func (s *Server) accountStatuses(c *call) reply {
	if rep := s.authIfToken(c, "read", "read:statuses"); rep != nil {
		return *rep
	}
	id := c.r.PathValue("id")
	if s.st.Accounts[id] == nil {
		return errReply(http.StatusNotFound, msgRecordNotFound)
	}
	q := c.r.URL.Query()
	page := s.pageOf(c, id, q)
	out := make([]map[string]any, 0, len(page))
	for _, st := range page {
		out = append(out, s.statusJSON(c.base, st))
	}
	rep := jsonReply(http.StatusOK, out)
	if len(page) > 0 {
		next := fmt.Sprintf("%s/api/v1/accounts/%s/statuses?max_id=%s", c.base, id, url.QueryEscape(page[len(page)-1].ID))
		prev := fmt.Sprintf("%s/api/v1/accounts/%s/statuses?min_id=%s", c.base, id, url.QueryEscape(page[0].ID))
		rep.header = http.Header{"Link": {fmt.Sprintf(`<%s>; rel="next", <%s>; rel="prev"`, next, prev)}}
	}
	return rep
}

func (s *Server) pageOf(c *call, accountID string, q url.Values) []*Status {
	limit := 20
	if n, err := fmt.Sscan(q.Get("limit"), &limit); n != 1 || err != nil || limit <= 0 {
		limit = 20
	}
	limit = min(limit, 40)
	maxID, sinceID, minID := q.Get("max_id"), q.Get("since_id"), q.Get("min_id")
	var all []*Status
	for _, st := range s.st.Statuses {
		if st.AccountID != accountID || st.Deleted || !s.visible(c, st) ||
			(maxID != "" && !idLess(st.ID, maxID)) || (sinceID != "" && !idLess(sinceID, st.ID)) ||
			(minID != "" && !idLess(minID, st.ID)) {
			continue
		}
		all = append(all, st)
	}
	slices.SortFunc(all, func(a, b *Status) int { return cmpID(b.ID, a.ID) })
	if minID != "" && len(all) > limit { // the statuses right after min_id
		return all[len(all)-limit:]
	}
	return all[:min(limit, len(all))]
}

func cmpID(a, b string) int {
	switch {
	case idLess(a, b):
		return -1
	case idLess(b, a):
		return 1
	}
	return 0
}

func orStr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
