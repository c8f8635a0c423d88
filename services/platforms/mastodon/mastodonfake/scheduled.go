package mastodonfake

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"
)

// schedule creates a ScheduledStatus; scheduled_at must be at least 5 minutes ahead. Its
// media are held by it until it is published or cancelled.
func (s *Server) schedule(c *call, p statusParams, media []*Media, key string) reply {
	at, err := time.Parse(time.RFC3339, p.scheduledAt)
	if err != nil || at.Before(c.now.Add(minScheduleOffset)) {
		return errReply(http.StatusUnprocessableEntity, msgTooSoon)
	}
	sc := &ScheduledStatus{ID: s.nextID(c.now), AccountID: c.acct.ID, ClientID: c.token.ClientID, ScheduledAt: at.UTC(),
		Text: p.text, Visibility: orStr(p.visibility, "public"), MediaIDs: p.mediaIDs, IdempotencyKey: key}
	for _, m := range media {
		m.StatusID = scheduledRef(sc.ID)
	}
	s.st.Scheduled = append(s.st.Scheduled, sc)
	s.remember(c, key, sc.ID, true)
	return jsonReply(http.StatusOK, s.scheduledJSON(c.base, sc))
}

// scheduledRef marks media held by a scheduled status.
func scheduledRef(id string) string { return "scheduled:" + id }

// publishDueLocked publishes every scheduled status whose time is not after now, in
// order, as the instance's scheduler does: the status is created at its scheduled time
// and the scheduled status is gone. Its Idempotency-Key then replays the status (the
// fake's choice: what Mastodon answers then is not documented).
func (s *Server) publishDueLocked(now time.Time) {
	var due []*ScheduledStatus
	s.st.Scheduled = slices.DeleteFunc(s.st.Scheduled, func(sc *ScheduledStatus) bool {
		if sc.ScheduledAt.After(now) {
			return false
		}
		due = append(due, sc)
		return true
	})
	slices.SortFunc(due, func(a, b *ScheduledStatus) int { return a.ScheduledAt.Compare(b.ScheduledAt) })
	for _, sc := range due {
		st := &Status{ID: s.nextID(sc.ScheduledAt), AccountID: sc.AccountID, ClientID: sc.ClientID, Text: sc.Text,
			Visibility: sc.Visibility, Language: "en", MediaIDs: slices.Clone(sc.MediaIDs),
			IdempotencyKey: sc.IdempotencyKey, CreatedAt: sc.ScheduledAt}
		for _, id := range st.MediaIDs {
			if m := s.st.Media[id]; m != nil {
				m.StatusID = st.ID
			}
		}
		s.st.Statuses = append(s.st.Statuses, st)
		if e := s.st.Idempotency[sc.AccountID+"/"+sc.IdempotencyKey]; e != nil && e.Scheduled && e.StatusID == sc.ID {
			e.StatusID, e.Scheduled = st.ID, false
		}
	}
	if len(due) > 0 {
		s.persistLocked()
	}
}

// ownScheduled finds the caller's scheduled status in the path.
func (s *Server) ownScheduled(c *call) (int, *ScheduledStatus) {
	id := c.r.PathValue("id")
	i := slices.IndexFunc(s.st.Scheduled, func(sc *ScheduledStatus) bool { return sc.ID == id && sc.AccountID == c.acct.ID })
	if i < 0 {
		return -1, nil
	}
	return i, s.st.Scheduled[i]
}

// getScheduled is GET /api/v1/scheduled_statuses/:id (read:statuses): 404 once it is
// published or cancelled, or when it is someone else's.
func (s *Server) getScheduled(c *call) reply {
	if rep := s.auth(c, "read", "read:statuses"); rep != nil {
		return *rep
	}
	_, sc := s.ownScheduled(c)
	if sc == nil {
		return errReply(http.StatusNotFound, msgRecordNotFound)
	}
	return jsonReply(http.StatusOK, s.scheduledJSON(c.base, sc))
}

// deleteScheduled is DELETE /api/v1/scheduled_statuses/:id (write:statuses): cancels
// it, frees its media and answers an empty object.
func (s *Server) deleteScheduled(c *call) reply {
	if rep := s.auth(c, "write", "write:statuses"); rep != nil {
		return *rep
	}
	i, sc := s.ownScheduled(c)
	if sc == nil {
		return errReply(http.StatusNotFound, msgRecordNotFound)
	}
	for _, id := range sc.MediaIDs {
		if m := s.st.Media[id]; m != nil && m.StatusID == scheduledRef(sc.ID) {
			m.StatusID = ""
		}
	}
	s.st.Scheduled = slices.Delete(s.st.Scheduled, i, i+1)
	return jsonReply(http.StatusOK, map[string]any{})
}

// listScheduled is GET /api/v1/scheduled_statuses (read:statuses): the caller's, newest
// id first, with max_id and limit (default 20, at most 40) and a Link header.
func (s *Server) listScheduled(c *call) reply {
	if rep := s.auth(c, "read", "read:statuses"); rep != nil {
		return *rep
	}
	q := c.r.URL.Query()
	limit := 20
	if n, err := fmt.Sscan(q.Get("limit"), &limit); n != 1 || err != nil || limit <= 0 {
		limit = 20
	}
	var mine []*ScheduledStatus
	for _, sc := range s.st.Scheduled {
		if sc.AccountID == c.acct.ID && (q.Get("max_id") == "" || idLess(sc.ID, q.Get("max_id"))) {
			mine = append(mine, sc)
		}
	}
	slices.SortFunc(mine, func(a, b *ScheduledStatus) int { return cmpID(b.ID, a.ID) })
	mine = mine[:min(limit, 40, len(mine))]
	out := make([]map[string]any, 0, len(mine))
	for _, sc := range mine {
		out = append(out, s.scheduledJSON(c.base, sc))
	}
	rep := jsonReply(http.StatusOK, out)
	if len(mine) > 0 {
		next := c.base + "/api/v1/scheduled_statuses?max_id=" + url.QueryEscape(mine[len(mine)-1].ID)
		rep.header = http.Header{"Link": {`<` + next + `>; rel="next"`}}
	}
	return rep
}
