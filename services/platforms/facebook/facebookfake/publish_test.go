package facebookfake

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/platforms/fakekit"
)

var allPageScopes = []string{"pages_manage_posts", "pages_read_engagement", "publish_video"}

func newPubFake(t *testing.T, opts Options) (*Server, *clock, string) {
	t.Helper()
	clk := fakekit.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	opts.Now = clk.Now
	s := New(opts)
	t.Cleanup(s.Close)
	s.RegisterApp("app", "secret", redirect)
	s.AddUser(User{ID: "u1", Name: "Ada"}, Page{ID: "p1", Name: "Bakery"})
	s.AddUser(User{ID: "u2", Name: "Bob"}, Page{ID: "p2", Name: "Other"})
	return s, clk, s.IssuePageToken("u1", "app", "p1", allPageScopes...)
}

func withToken(tok string, f url.Values) url.Values {
	f.Set("access_token", tok)
	return f
}

// transfer posts one multipart upload_phase=transfer.
func transfer(t *testing.T, s *Server, tok, session, start string, chunk []byte) answer {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range map[string]string{"upload_phase": "transfer", "upload_session_id": session, "start_offset": start, "access_token": tok} {
		require.NoError(t, w.WriteField(k, v))
	}
	part, err := w.CreateFormFile("video_file_chunk", "chunk")
	require.NoError(t, err)
	_, _ = part.Write(chunk)
	require.NoError(t, w.Close())
	req, err := http.NewRequest(http.MethodPost, s.GraphURL()+"/p1/videos", &b)
	require.NoError(t, err)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return answer{fakekit.Do(t, req)}
}

func startVideo(t *testing.T, s *Server, tok string, size int) map[string]any {
	t.Helper()
	a := do(t, http.MethodPost, s.GraphURL()+"/p1/videos", withToken(tok, url.Values{"upload_phase": {"start"}, "file_size": {strconv.Itoa(size)}}))
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	return a.JSON(t)
}

func TestVideoUploadEnforcesOffsetsAndPhases(t *testing.T) {
	s, _, tok := newPubFake(t, Options{VideoChunk: 4})
	st := startVideo(t, s, tok, 6)
	assert.Equal(t, "0", st["start_offset"])
	assert.Equal(t, "4", st["end_offset"])
	session := st["upload_session_id"].(string)

	a := transfer(t, s, tok, session, "2", []byte("abcd"))
	assert.Equal(t, http.StatusBadRequest, a.Status)
	ge := a.graphError(t)
	assert.Equal(t, 6001, ge.Code)
	assert.Equal(t, map[string]any{"start_offset": "0", "end_offset": "4"}, ge.ErrorData)

	a = transfer(t, s, tok, session, "0", []byte("abc"))
	assert.Equal(t, 6001, a.graphError(t).Code, "a chunk shorter than asked")

	a = do(t, http.MethodPost, s.GraphURL()+"/p1/videos", withToken(tok, url.Values{"upload_phase": {"finish"}, "upload_session_id": {session}}))
	assert.Equal(t, 6000, a.graphError(t).Code, "finish before every byte arrived")

	a = transfer(t, s, tok, session, "0", []byte("abcd"))
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	assert.Equal(t, map[string]any{"start_offset": "4", "end_offset": "6"}, a.JSON(t))
	a = transfer(t, s, tok, session, "4", []byte("ef"))
	assert.Equal(t, map[string]any{"start_offset": "6", "end_offset": "6"}, a.JSON(t))

	a = do(t, http.MethodPost, s.GraphURL()+"/p1/videos", withToken(tok, url.Values{"upload_phase": {"finish"}, "upload_session_id": {session}, "description": {"hi"}}))
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	assert.Equal(t, true, a.JSON(t)["success"])
	a = transfer(t, s, tok, session, "6", []byte("g"))
	assert.Equal(t, 6000, a.graphError(t).Code, "the session is closed")
	assert.Equal(t, []byte("abcdef"), s.Videos("p1")[0].Data)
}

func TestVideoSessionsBelongToTheirPage(t *testing.T) {
	s, _, tok := newPubFake(t, Options{})
	session := startVideo(t, s, tok, 3)["upload_session_id"].(string)
	other := s.IssuePageToken("u2", "app", "p2", allPageScopes...)
	a := do(t, http.MethodPost, s.GraphURL()+"/p2/videos", withToken(other, url.Values{"upload_phase": {"finish"}, "upload_session_id": {session}}))
	assert.Equal(t, http.StatusBadRequest, a.Status)
	assert.Contains(t, a.graphError(t).Message, "upload_session_id")

	user := s.IssueUserToken("u1", "app", allPageScopes...)
	a = do(t, http.MethodPost, s.GraphURL()+"/p1/videos", withToken(user, url.Values{"upload_phase": {"start"}, "file_size": {"3"}}))
	assert.Equal(t, 200, a.graphError(t).Code, "a user token cannot upload")
	a = do(t, http.MethodPost, s.GraphURL()+"/p1/videos", withToken(tok, url.Values{"upload_phase": {"begin"}}))
	assert.Equal(t, 100, a.graphError(t).Code)
}

func TestVideoStatusWalkAndFields(t *testing.T) {
	s, _, tok := newPubFake(t, Options{VideoReads: 2})
	a := do(t, http.MethodPost, s.GraphURL()+"/p1/videos", withToken(tok, url.Values{"file_url": {"https://cdn.example/v.mp4"}, "description": {"d"}}))
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	id := a.JSON(t)["id"].(string)
	status := func() string {
		a := do(t, http.MethodGet, s.GraphURL()+"/"+id+"?fields=status&access_token="+tok, nil)
		require.Equal(t, http.StatusOK, a.Status, string(a.Body))
		return a.JSON(t)["status"].(map[string]any)["video_status"].(string)
	}
	assert.Equal(t, "processing", status())
	assert.Equal(t, "ready", status())
	a = do(t, http.MethodGet, s.GraphURL()+"/"+id+"?fields=permalink_url,published&access_token="+tok, nil)
	assert.Equal(t, map[string]any{"id": id, "permalink_url": "/p1/videos/" + id + "/", "published": true}, a.JSON(t))
	a = do(t, http.MethodGet, s.GraphURL()+"/"+id+"?fields=is_published&access_token="+tok, nil)
	assert.Equal(t, "(#100) Tried accessing nonexisting field (is_published) on node type (Video)", a.graphError(t).Message)

	a = do(t, http.MethodPost, s.GraphURL()+"/p1/videos", withToken(tok, url.Values{"file_url": {"ftp://x"}}))
	assert.Equal(t, 100, a.graphError(t).Code)
}

func TestScheduleWindowAndPublication(t *testing.T) {
	s, clk, tok := newPubFake(t, Options{ScheduleMax: 180 * 24 * time.Hour})
	feed := func(f url.Values) answer {
		return do(t, http.MethodPost, s.GraphURL()+"/p1/feed", withToken(tok, f))
	}
	at := func(d time.Duration) string { return strconv.FormatInt(clk.Now().Add(d).Unix(), 10) }
	for _, d := range []time.Duration{9 * time.Minute, 181 * 24 * time.Hour} {
		a := feed(url.Values{"message": {"x" + d.String()}, "published": {"false"}, "scheduled_publish_time": {at(d)}})
		assert.Equal(t, http.StatusBadRequest, a.Status)
		assert.Equal(t, "(#100) The specified scheduled publish time is invalid.", a.graphError(t).Message)
	}
	a := feed(url.Values{"message": {"published"}, "scheduled_publish_time": {at(time.Hour)}})
	assert.Equal(t, 100, a.graphError(t).Code, "a schedule needs published=false")

	a = feed(url.Values{"message": {"in 90 days"}, "published": {"false"}, "scheduled_publish_time": {clk.Now().Add(90 * 24 * time.Hour).Format(time.RFC3339)}})
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	id := a.JSON(t)["id"].(string)
	isPublished := func() any {
		a := do(t, http.MethodGet, s.GraphURL()+"/"+id+"?fields=is_published&access_token="+tok, nil)
		return a.JSON(t)["is_published"]
	}
	list := func(edge string) int {
		return len(do(t, http.MethodGet, s.GraphURL()+"/p1/"+edge+"?access_token="+tok, nil).JSON(t)["data"].([]any))
	}
	assert.Equal(t, false, isPublished())
	assert.Equal(t, 0, list("posts"))
	assert.Equal(t, 1, list("scheduled_posts"))

	clk.Advance(90 * 24 * time.Hour)
	assert.Equal(t, true, isPublished())
	assert.Equal(t, 1, list("posts"))
	assert.Equal(t, 0, list("scheduled_posts"))
	a = do(t, http.MethodGet, s.GraphURL()+"/"+id+"?fields=published&access_token="+tok, nil)
	assert.Equal(t, "(#100) Tried accessing nonexisting field (published) on node type (Post)", a.graphError(t).Message)
}

func TestDeleteVideoThenGone(t *testing.T) {
	s, _, tok := newPubFake(t, Options{})
	a := do(t, http.MethodPost, s.GraphURL()+"/p1/videos", withToken(tok, url.Values{"file_url": {"https://cdn.example/v.mp4"}}))
	id := a.JSON(t)["id"].(string)
	a = do(t, http.MethodDelete, s.GraphURL()+"/"+id+"?access_token="+tok, nil)
	assert.Equal(t, map[string]any{"success": true}, a.JSON(t))
	a = do(t, http.MethodGet, s.GraphURL()+"/"+id+"?access_token="+tok, nil)
	assert.Equal(t, "100", strconv.Itoa(a.graphError(t).Code))
	assert.Empty(t, s.Videos("p1"))
}
