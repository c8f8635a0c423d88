package mastodonfake

import (
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatusValidation(t *testing.T) {
	s := newFake(t, Options{VideoPolls: 1})
	tok := s.IssueToken("alice")
	img := func() string { return uploadID(t, s, tok, "image/png", pngBytes(t)) }
	video := func() string { return uploadID(t, s, tok, "video/mp4", mp4Bytes()) }
	longURL := "https://example.com/" + strings.Repeat("a", 100)
	family := "👩‍👩‍👧" // one grapheme, five code points

	tests := []struct {
		name string
		form func() url.Values
		want string // empty: accepted
	}{
		{"text-free without media", func() url.Values { return url.Values{"status": {"  "}} }, "Validation failed: Text can't be blank"},
		{"501 characters", func() url.Values { return url.Values{"status": {strings.Repeat("a", 501)}} }, "Validation failed: Text character limit of 500 exceeded"},
		{"500 characters", func() url.Values { return url.Values{"status": {strings.Repeat("a", 500)}} }, ""},
		{"500 graphemes of many code points", func() url.Values { return url.Values{"status": {strings.Repeat(family, 500)}} }, ""},
		{"URL counts as 23", func() url.Values { return url.Values{"status": {longURL + " " + strings.Repeat("b", 476)}} }, ""},
		{"URL counts as 23, one over", func() url.Values { return url.Values{"status": {longURL + " " + strings.Repeat("b", 477)}} }, "Validation failed: Text character limit of 500 exceeded"},
		{"spoiler text counts", func() url.Values {
			return url.Values{"status": {strings.Repeat("a", 490)}, "spoiler_text": {strings.Repeat("s", 11)}}
		}, "Validation failed: Text character limit of 500 exceeded"},
		{"media without text", func() url.Values { return url.Values{"media_ids[]": {img()}} }, ""},
		{"five media", func() url.Values {
			return url.Values{"status": {"x"}, "media_ids[]": {img(), img(), img(), img(), img()}}
		}, "Cannot attach more than 4 files"},
		{"image and video", func() url.Values {
			v := video()
			get(t, s.URL+"/api/v1/media/"+v, tok) // processed
			return url.Values{"status": {"x"}, "media_ids[]": {img(), v}}
		}, "Cannot attach a video to a post that already contains images"},
		{"video still processing", func() url.Values { return url.Values{"status": {"x"}, "media_ids[]": {video()}} }, "Cannot attach files that have not finished processing. Try again in a moment!"},
		{"unknown media", func() url.Values { return url.Values{"status": {"x"}, "media_ids[]": {"42"}} }, "Media 42 not found. Already attached to another post?"},
		{"bad visibility", func() url.Values { return url.Values{"status": {"x"}, "visibility": {"friends"}} }, "Validation failed: Visibility is not included in the list"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := postStatus(t, s, tok, tc.form(), "")
			if tc.want == "" {
				assert.Equal(t, http.StatusOK, a.Status, string(a.Body))
				return
			}
			assert.Equal(t, http.StatusUnprocessableEntity, a.Status, string(a.Body))
			assert.Equal(t, tc.want, a.errorText(t))
		})
	}
}

func TestStatusJSONBody(t *testing.T) {
	s := newFake(t, Options{})
	tok := s.IssueToken("alice")
	a := send(t, http.MethodPost, s.URL+"/api/v1/statuses", tok, strings.NewReader(`{"status":"Hello <world> & https://example.com/x"}`), "application/json", nil)
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	st := a.JSON(t)
	assert.Contains(t, st["content"], "Hello &lt;world&gt; &amp; <a href=\"https://example.com/x\"")
	assert.Equal(t, s.URL+"/@alice/"+st["id"].(string), st["url"])
}

func TestIdempotencyKey(t *testing.T) {
	clock := newClock()
	s := newFake(t, Options{Now: clock.Now})
	alice, bob := s.IssueToken("alice"), s.IssueToken("bob")
	first := postStatus(t, s, alice, url.Values{"status": {"hello"}}, "key-1")
	require.Equal(t, http.StatusOK, first.Status)
	id := first.JSON(t)["id"]

	again := postStatus(t, s, alice, url.Values{"status": {"hello, edited"}}, "key-1")
	assert.Equal(t, http.StatusOK, again.Status)
	assert.Equal(t, id, again.JSON(t)["id"], "same key, same account: the existing status")
	assert.Len(t, s.Statuses(), 1)

	other := postStatus(t, s, bob, url.Values{"status": {"hello"}}, "key-1")
	assert.NotEqual(t, id, other.JSON(t)["id"], "another account gets its own status")

	clock.Advance(time.Hour)
	expired := postStatus(t, s, alice, url.Values{"status": {"hello"}}, "key-1")
	assert.NotEqual(t, id, expired.JSON(t)["id"], "keys are kept one hour")
	assert.Len(t, s.Statuses(), 3)
	assert.Equal(t, "key-1", s.Statuses()[0].IdempotencyKey)
}

func TestMediaProcessing(t *testing.T) {
	s := newFake(t, Options{VideoPolls: 2})
	alice, bob := s.IssueToken("alice"), s.IssueToken("bob")

	img := upload(t, s, alice, "image/png", pngBytes(t), "a red square")
	require.Equal(t, http.StatusOK, img.Status)
	assert.NotNil(t, img.JSON(t)["url"])
	assert.Equal(t, "a red square", img.JSON(t)["description"])

	vid := upload(t, s, alice, "video/mp4", mp4Bytes(), "")
	require.Equal(t, http.StatusAccepted, vid.Status)
	assert.Nil(t, vid.JSON(t)["url"])
	id := vid.JSON(t)["id"].(string)
	assert.Equal(t, http.StatusPartialContent, get(t, s.URL+"/api/v1/media/"+id, alice).Status)
	assert.Equal(t, http.StatusPartialContent, get(t, s.URL+"/api/v1/media/"+id, alice).Status)
	done := get(t, s.URL+"/api/v1/media/"+id, alice)
	assert.Equal(t, http.StatusOK, done.Status)
	assert.NotNil(t, done.JSON(t)["url"])
	assert.Equal(t, http.StatusNotFound, get(t, s.URL+"/api/v1/media/"+id, bob).Status, "not yours")

	spoofed := upload(t, s, alice, "image/png", mp4Bytes(), "")
	assert.Equal(t, http.StatusUnprocessableEntity, spoofed.Status)
	text := upload(t, s, alice, "text/plain", []byte("hello"), "")
	assert.Equal(t, "Validation failed: File content type is invalid", text.errorText(t))
}

func TestScheduledAt(t *testing.T) {
	clock := newClock()
	s := newFake(t, Options{Now: clock.Now})
	tok := s.IssueToken("alice")

	soon := postStatus(t, s, tok, url.Values{"status": {"x"}, "scheduled_at": {clock.Now().Add(4 * time.Minute).Format(time.RFC3339)}}, "")
	assert.Equal(t, http.StatusUnprocessableEntity, soon.Status)
	assert.Equal(t, "Validation failed: Scheduled at The scheduled date must be in the future", soon.errorText(t))

	at := clock.Now().Add(10 * time.Minute)
	ok := postStatus(t, s, tok, url.Values{"status": {"x"}, "scheduled_at": {at.Format(time.RFC3339)}}, "k")
	require.Equal(t, http.StatusOK, ok.Status, string(ok.Body))
	sc := ok.JSON(t)
	assert.NotContains(t, sc, "url")
	assert.Equal(t, at.Format("2006-01-02T15:04:05.000Z"), sc["scheduled_at"])
	assert.Empty(t, s.Statuses())
	assert.Len(t, s.ScheduledStatuses(), 1)

	replay := postStatus(t, s, tok, url.Values{"status": {"x"}, "scheduled_at": {at.Format(time.RFC3339)}}, "k")
	assert.Equal(t, sc["id"], replay.JSON(t)["id"], "the Idempotency-Key works for scheduled statuses too")
}

func TestRateLimits(t *testing.T) {
	clock := newClock()
	clock.Advance(90 * time.Second) // 10:01:30, inside the 10:00–10:05 window
	s := newFake(t, Options{Now: clock.Now, AccountLimit: 3, MediaLimit: 1, DeleteLimit: 1})
	tok := s.IssueToken("alice")
	for range 3 {
		a := get(t, s.URL+"/api/v1/accounts/verify_credentials", tok)
		require.Equal(t, http.StatusOK, a.Status)
		assert.NotEmpty(t, a.Header.Get("X-RateLimit-Remaining"))
	}
	a := get(t, s.URL+"/api/v1/accounts/verify_credentials", tok)
	assert.Equal(t, http.StatusTooManyRequests, a.Status)
	assert.Equal(t, "Too many requests", a.errorText(t))
	assert.Equal(t, "2026-11-23T10:05:00.000000Z", a.Header.Get("X-RateLimit-Reset"))

	clock.Advance(5 * time.Minute)
	assert.Equal(t, http.StatusOK, upload(t, s, tok, "image/png", pngBytes(t), "").Status)
	media := upload(t, s, tok, "image/png", pngBytes(t), "")
	assert.Equal(t, http.StatusTooManyRequests, media.Status)
	assert.Equal(t, "2026-11-23T10:30:00.000000Z", media.Header.Get("X-RateLimit-Reset"))

	id1 := postStatus(t, s, tok, url.Values{"status": {"one"}}, "").JSON(t)["id"].(string)
	clock.Advance(5 * time.Minute)
	id2 := postStatus(t, s, tok, url.Values{"status": {"two"}}, "").JSON(t)["id"].(string)
	assert.Equal(t, http.StatusOK, send(t, http.MethodDelete, s.URL+"/api/v1/statuses/"+id1, tok, nil, "", nil).Status)
	assert.Equal(t, http.StatusTooManyRequests, send(t, http.MethodDelete, s.URL+"/api/v1/statuses/"+id2, tok, nil, "", nil).Status)
}

func TestDeleteGetAndListing(t *testing.T) {
	clock := newClock()
	s := newFake(t, Options{Now: clock.Now})
	alice, bob := s.IssueToken("alice"), s.IssueToken("bob")
	var ids []string
	for i := range 5 {
		clock.Advance(time.Minute)
		ids = append(ids, postStatus(t, s, alice, url.Values{"status": {"post " + string(rune('a'+i))}}, "").JSON(t)["id"].(string))
	}
	acct := s.AccountID("alice")

	var page []map[string]any
	a := get(t, s.URL+"/api/v1/accounts/"+acct+"/statuses?limit=2", alice)
	require.NoError(t, jsonUnmarshal(a.Body, &page))
	require.Len(t, page, 2)
	assert.Equal(t, ids[4], page[0]["id"], "newest first")
	assert.Contains(t, a.Header.Get("Link"), "max_id="+ids[3])
	a = get(t, s.URL+"/api/v1/accounts/"+acct+"/statuses?limit=2&max_id="+ids[3], "")
	require.NoError(t, jsonUnmarshal(a.Body, &page))
	assert.Equal(t, ids[2], page[0]["id"])

	assert.Equal(t, http.StatusNotFound, send(t, http.MethodDelete, s.URL+"/api/v1/statuses/"+ids[0], bob, nil, "", nil).Status, "not yours")
	del := send(t, http.MethodDelete, s.URL+"/api/v1/statuses/"+ids[0], alice, nil, "", nil)
	require.Equal(t, http.StatusOK, del.Status)
	assert.Equal(t, "post a", del.JSON(t)["text"])
	gone := get(t, s.URL+"/api/v1/statuses/"+ids[0], alice)
	assert.Equal(t, http.StatusNotFound, gone.Status)
	assert.Equal(t, "Record not found", gone.errorText(t))
	assert.True(t, s.Statuses()[0].Deleted)

	s.SetCounts(ids[1], 1, 2, 3)
	st := get(t, s.URL+"/api/v1/statuses/"+ids[1], "").JSON(t)
	assert.EqualValues(t, 3, st["favourites_count"])
}

func TestFailNextAndHold(t *testing.T) {
	s := newFake(t, Options{})
	tok := s.IssueToken("alice")
	s.FailNext(1, http.StatusBadGateway)
	a := postStatus(t, s, tok, url.Values{"status": {"x"}}, "")
	assert.Equal(t, http.StatusBadGateway, a.Status)
	assert.Empty(t, s.Statuses(), "an injected failure stores nothing")

	seen := make(chan Status, 1)
	s.SetOnStatusPost(func(st Status) {
		assert.Len(t, s.Statuses(), 1, "the status is stored before the hook runs")
		seen <- st
	})
	a = postStatus(t, s, tok, url.Values{"status": {"held"}}, "k")
	assert.Equal(t, http.StatusOK, a.Status)
	assert.Equal(t, "held", (<-seen).Text)
}

func TestStateFileSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	s := New(Options{StateFile: path})
	tok := s.IssueToken("alice")
	require.Equal(t, http.StatusOK, postStatus(t, s, tok, url.Values{"status": {"x"}}, "k").Status)
	s.Close()

	s2 := newFake(t, Options{StateFile: path})
	assert.Len(t, s2.Statuses(), 1)
	again := postStatus(t, s2, tok, url.Values{"status": {"x"}}, "k")
	assert.Equal(t, http.StatusOK, again.Status, "tokens survive")
	assert.Len(t, s2.Statuses(), 1, "idempotency keys survive")
}
