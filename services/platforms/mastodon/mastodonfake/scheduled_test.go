package mastodonfake

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func schedule(t *testing.T, s *Server, tok string, at time.Time, text, key string, media ...string) string {
	t.Helper()
	v := url.Values{"status": {text}, "scheduled_at": {at.Format(time.RFC3339)}, "media_ids[]": media}
	a := postStatus(t, s, tok, v, key)
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	return a.JSON(t)["id"].(string)
}

func del(t *testing.T, u, token string) answer {
	t.Helper()
	return send(t, http.MethodDelete, u, token, nil, "", nil)
}

func TestScheduledStatusesEndpoints(t *testing.T) {
	clock := newClock()
	s := newFake(t, Options{Now: clock.Now})
	alice, bob := s.IssueToken("alice"), s.IssueToken("bob")
	img := uploadID(t, s, alice, "image/png", pngBytes(t))
	first := schedule(t, s, alice, clock.Now().Add(time.Hour), "first", "", img)
	second := schedule(t, s, alice, clock.Now().Add(2*time.Hour), "second", "")
	schedule(t, s, bob, clock.Now().Add(time.Hour), "bob's", "")

	one := get(t, s.URL+"/api/v1/scheduled_statuses/"+first, alice)
	require.Equal(t, http.StatusOK, one.Status)
	assert.Equal(t, "first", one.JSON(t)["params"].(map[string]any)["text"])
	assert.Equal(t, http.StatusNotFound, get(t, s.URL+"/api/v1/scheduled_statuses/"+first, bob).Status, "not bob's")

	list := get(t, s.URL+"/api/v1/scheduled_statuses", alice)
	require.Equal(t, http.StatusOK, list.Status)
	var items []map[string]any
	require.NoError(t, jsonUnmarshal(list.Body, &items))
	require.Len(t, items, 2)
	assert.Equal(t, second, items[0]["id"], "newest first")
	assert.Contains(t, list.Header.Get("Link"), `rel="next"`)
	page := get(t, s.URL+"/api/v1/scheduled_statuses?limit=1&max_id="+second, alice)
	require.NoError(t, jsonUnmarshal(page.Body, &items))
	require.Len(t, items, 1)
	assert.Equal(t, first, items[0]["id"])

	busy := postStatus(t, s, alice, url.Values{"status": {"again"}, "media_ids[]": {img}}, "")
	assert.Equal(t, http.StatusUnprocessableEntity, busy.Status, "media held by the scheduled status")
	assert.Equal(t, http.StatusNotFound, del(t, s.URL+"/api/v1/scheduled_statuses/"+first, bob).Status)
	gone := del(t, s.URL+"/api/v1/scheduled_statuses/"+first, alice)
	require.Equal(t, http.StatusOK, gone.Status)
	assert.Empty(t, gone.JSON(t))
	assert.Equal(t, http.StatusNotFound, get(t, s.URL+"/api/v1/scheduled_statuses/"+first, alice).Status)
	assert.Equal(t, http.StatusNotFound, del(t, s.URL+"/api/v1/scheduled_statuses/"+first, alice).Status)
	freed := postStatus(t, s, alice, url.Values{"status": {"again"}, "media_ids[]": {img}}, "")
	assert.Equal(t, http.StatusOK, freed.Status, "cancelling frees the media")

	readOnly := s.IssueTokenScopes("alice", "read")
	assert.Equal(t, http.StatusForbidden, del(t, s.URL+"/api/v1/scheduled_statuses/"+second, readOnly).Status)
	assert.Equal(t, http.StatusUnauthorized, get(t, s.URL+"/api/v1/scheduled_statuses", "").Status)
}

func TestScheduledStatusGoesOutWhenItsTimeComes(t *testing.T) {
	clock := newClock()
	s := newFake(t, Options{Now: clock.Now})
	tok := s.IssueToken("alice")
	img := uploadID(t, s, tok, "image/png", pngBytes(t))
	at := clock.Now().Add(10 * time.Minute)
	id := schedule(t, s, tok, at, "later", "key-1", img)

	clock.Advance(9 * time.Minute)
	assert.Equal(t, http.StatusOK, get(t, s.URL+"/api/v1/scheduled_statuses/"+id, tok).Status)
	assert.Empty(t, s.Statuses())

	clock.Advance(time.Minute)
	assert.Equal(t, http.StatusNotFound, get(t, s.URL+"/api/v1/scheduled_statuses/"+id, tok).Status, "it went out")
	sts := s.Statuses()
	require.Len(t, sts, 1)
	assert.Equal(t, "later", sts[0].Text)
	assert.True(t, sts[0].CreatedAt.Equal(at))
	assert.Equal(t, []string{img}, sts[0].MediaIDs)
	assert.Empty(t, s.ScheduledStatuses())

	page := get(t, s.URL+"/api/v1/accounts/"+s.AccountID("alice")+"/statuses", tok)
	var items []map[string]any
	require.NoError(t, jsonUnmarshal(page.Body, &items))
	require.Len(t, items, 1)
	assert.Equal(t, "2026-11-23T10:10:00.000Z", items[0]["created_at"])

	replay := postStatus(t, s, tok, url.Values{"status": {"later"}, "scheduled_at": {at.Add(time.Hour).Format(time.RFC3339)}}, "key-1")
	require.Equal(t, http.StatusOK, replay.Status)
	assert.Equal(t, sts[0].ID, replay.JSON(t)["id"], "the key now replays the published status")
	assert.Len(t, s.Statuses(), 1)
}
