package youtubefake

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/platforms/fakekit"
)

const forceSSL = "https://www.googleapis.com/auth/youtube.force-ssl"

const aliceChannel = "UCaliceAAAAAAAAAAAAAAAAA"

// meta is a valid video resource; edit changes it before it is sent.
func meta(edit func(sn, st map[string]any)) map[string]any {
	sn := map[string]any{"title": "A title", "description": "Words", "tags": []string{"a"}, "categoryId": "22"}
	st := map[string]any{"privacyStatus": "public"}
	if edit != nil {
		edit(sn, st)
	}
	return map[string]any{"snippet": sn, "status": st}
}

// start is the POST that opens a session for total bytes of ctype.
func start(t *testing.T, s *Server, token string, body map[string]any, total int, ctype string) answer {
	t.Helper()
	b, err := json.Marshal(body)
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, s.URL+UploadPath+"?uploadType=resumable&part=snippet,status", bytes.NewReader(b))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json; charset=UTF-8")
	if total > 0 {
		req.Header.Set("X-Upload-Content-Length", strconv.Itoa(total))
	}
	req.Header.Set("X-Upload-Content-Type", ctype)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return answer{fakekit.Do(t, req)}
}

// session opens a session for total bytes and returns its URI.
func session(t *testing.T, s *Server, token string, total int) string {
	t.Helper()
	a := start(t, s, token, meta(nil), total, "video/mp4")
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	loc := a.Header.Get("Location")
	require.True(t, strings.HasPrefix(loc, s.URL+UploadPath+"?"), loc)
	return loc
}

// put sends a session PUT with Content-Range rng.
func put(t *testing.T, uri, rng string, body []byte) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, uri, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Range", rng)
	return answer{fakekit.Do(t, req)}
}

func uploader(t *testing.T, opts Options) (*Server, *testClock, string) {
	t.Helper()
	s, c := newFake(t, opts)
	return s, c, s.IssueAccessToken("alice", upload, readonly, forceSSL)
}

func TestInsertRules(t *testing.T) {
	s, _, tok := uploader(t, Options{})
	tests := []struct {
		name   string
		token  string
		body   map[string]any
		total  int
		ctype  string
		status int
		reason string
	}{
		{"no token", "", meta(nil), 10, "video/mp4", 401, "required"},
		{"bad token", "ya29.nope", meta(nil), 10, "video/mp4", 401, "authError"},
		{"read scope only", s.IssueAccessToken("alice", readonly), meta(nil), 10, "video/mp4", 403, "insufficientPermissions"},
		{"no length", tok, meta(nil), 0, "video/mp4", 400, "required"},
		{"an image", tok, meta(nil), 10, "image/png", 400, "badContent"},
		{"empty title", tok, meta(func(sn, _ map[string]any) { sn["title"] = " " }), 10, "video/mp4", 400, "invalidTitle"},
		{"long title", tok, meta(func(sn, _ map[string]any) { sn["title"] = strings.Repeat("é", 101) }), 10, "video/mp4", 400, "invalidTitle"},
		{"title bracket", tok, meta(func(sn, _ map[string]any) { sn["title"] = "a<b" }), 10, "video/mp4", 400, "invalidTitle"},
		{"long description", tok, meta(func(sn, _ map[string]any) { sn["description"] = strings.Repeat("é", 2501) }), 10, "video/mp4", 400, "invalidDescription"},
		{"description bracket", tok, meta(func(sn, _ map[string]any) { sn["description"] = "a>b" }), 10, "video/mp4", 400, "invalidDescription"},
		{"tags", tok, meta(func(sn, _ map[string]any) { sn["tags"] = []string{strings.Repeat("t", 250), strings.Repeat("t", 250)} }), 10, "video/mp4", 400, "invalidTags"},
		{"privacy", tok, meta(func(_, st map[string]any) { st["privacyStatus"] = "friends" }), 10, "video/mp4", 400, "invalidVideoMetadata"},
		{"publishAt public", tok, meta(func(_, st map[string]any) { st["publishAt"] = "2026-12-01T00:00:00Z" }), 10, "video/mp4", 400, "invalidPublishAt"},
		{"publishAt past", tok, meta(func(_, st map[string]any) {
			st["privacyStatus"], st["publishAt"] = "private", "2026-11-01T00:00:00Z"
		}), 10, "video/mp4", 400, "invalidPublishAt"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := start(t, s, tc.token, tc.body, tc.total, tc.ctype)
			assert.Equal(t, tc.status, a.Status, string(a.Body))
			reason, _ := a.apiReason(t)
			assert.Equal(t, tc.reason, reason)
		})
	}
	assert.Equal(t, http.StatusOK, start(t, s, tok, meta(nil), 10, "application/octet-stream").Status)
	assert.NotEmpty(t, session(t, s, tok, 10))
}

func TestChunkRules(t *testing.T) {
	s, clock, tok := uploader(t, Options{})
	total := 2*ChunkGranularity + 10
	data := bytes.Repeat([]byte{7}, total)
	uri := session(t, s, tok, total)

	a := put(t, uri, "bytes 0-999/"+strconv.Itoa(total), data[:1000])
	assert.Equal(t, http.StatusBadRequest, a.Status, "a non-final chunk must be a multiple of 256 KiB")
	q := put(t, uri, "bytes */"+strconv.Itoa(total), nil)
	assert.Equal(t, http.StatusPermanentRedirect, q.Status)
	assert.Empty(t, q.Header.Get("Range"), "nothing received yet")

	a = put(t, uri, "bytes 0-262143/"+strconv.Itoa(total), data[:ChunkGranularity])
	assert.Equal(t, http.StatusPermanentRedirect, a.Status)
	assert.Equal(t, "bytes=0-262143", a.Header.Get("Range"))
	assert.Empty(t, a.Header.Get("Location"), "a 308 here is not a redirect")

	assert.Equal(t, http.StatusBadRequest, put(t, uri, "bytes 0-262143/"+strconv.Itoa(total), data[:ChunkGranularity]).Status, "must go on from 262144")
	assert.Equal(t, http.StatusBadRequest, put(t, uri, "bytes 262144-262153/99", data[:10]).Status, "wrong total")
	assert.Equal(t, http.StatusBadRequest, put(t, uri, "262144-", data[:10]).Status, "malformed")

	rest := data[ChunkGranularity:]
	a = put(t, uri, "bytes 262144-"+strconv.Itoa(total-1)+"/"+strconv.Itoa(total), rest)
	require.Equal(t, http.StatusCreated, a.Status, string(a.Body))
	v := a.JSON(t)
	assert.NotEmpty(t, v["id"])
	assert.Equal(t, "uploaded", v["status"].(map[string]any)["uploadStatus"])

	done := put(t, uri, "bytes */"+strconv.Itoa(total), nil)
	assert.Equal(t, http.StatusOK, done.Status, "a status query of a finished upload answers the video")
	assert.Equal(t, v["id"], done.JSON(t)["id"])
	require.Len(t, s.Videos(), 1)
	assert.Equal(t, data, s.Videos()[0].Data)

	old := session(t, s, tok, 10)
	clock.Advance(7 * 24 * time.Hour)
	assert.Equal(t, http.StatusNotFound, put(t, old, "bytes */10", nil).Status, "sessions expire after a week")
	assert.Equal(t, http.StatusNotFound, put(t, s.URL+UploadPath+"?upload_id=nope", "bytes */10", nil).Status)
}

func TestDropMidChunkKeepsWhatArrived(t *testing.T) {
	s, _, tok := uploader(t, Options{})
	total := 2 * ChunkGranularity
	uri := session(t, s, tok, total)
	s.DropMidChunk()
	req, err := http.NewRequest(http.MethodPut, uri, bytes.NewReader(make([]byte, ChunkGranularity)))
	require.NoError(t, err)
	req.Header.Set("Content-Range", "bytes 0-262143/"+strconv.Itoa(total))
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	require.Error(t, err, "no answer came")
	q := put(t, uri, "bytes */"+strconv.Itoa(total), nil)
	assert.Equal(t, http.StatusPermanentRedirect, q.Status)
	assert.Equal(t, "bytes=0-131071", q.Header.Get("Range"), "half of the chunk was kept")

	s.FailNextStatusQueries(1, http.StatusServiceUnavailable)
	assert.Equal(t, http.StatusServiceUnavailable, put(t, uri, "bytes */"+strconv.Itoa(total), nil).Status)
}

func TestDropCompletionStillCreatesTheVideo(t *testing.T) {
	s, _, tok := uploader(t, Options{})
	uri := session(t, s, tok, 10)
	s.DropNextCompletionResponse()
	req, err := http.NewRequest(http.MethodPut, uri, bytes.NewReader(make([]byte, 10)))
	require.NoError(t, err)
	req.Header.Set("Content-Range", "bytes 0-9/10")
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	require.Error(t, err)
	assert.Len(t, s.Videos(), 1)
	assert.Equal(t, http.StatusOK, put(t, uri, "bytes */10", nil).Status)
}

func TestUploadQuotaAndChannelCap(t *testing.T) {
	s, clock, tok := uploader(t, Options{UploadQuota: 1})
	session(t, s, tok, 10)
	a := start(t, s, tok, meta(nil), 10, "video/mp4")
	assert.Equal(t, http.StatusForbidden, a.Status)
	reason, msg := a.apiReason(t)
	assert.Equal(t, "quotaExceeded", reason)
	assert.Contains(t, msg, "exceeded your")
	clock.Advance(23 * time.Hour) // 10:00 UTC is 02:00 in Los Angeles: 23 hours on is past the next midnight
	tok = s.IssueAccessToken("alice", upload)
	session(t, s, tok, 10)

	s, _, tok = uploader(t, Options{ChannelUploadLimit: 1})
	uri := session(t, s, tok, 10)
	require.Equal(t, http.StatusCreated, put(t, uri, "bytes 0-9/10", make([]byte, 10)).Status)
	a = start(t, s, tok, meta(nil), 10, "video/mp4")
	assert.Equal(t, http.StatusBadRequest, a.Status)
	reason, _ = a.apiReason(t)
	assert.Equal(t, "uploadLimitExceeded", reason)
}

func TestUnverifiedProjectForcesPrivate(t *testing.T) {
	s, _, tok := uploader(t, Options{Unverified: true})
	uri := session(t, s, tok, 10)
	a := put(t, uri, "bytes 0-9/10", make([]byte, 10))
	require.Equal(t, http.StatusCreated, a.Status)
	assert.Equal(t, "private", a.JSON(t)["status"].(map[string]any)["privacyStatus"])
}

// upload makes a whole video from body and returns its id.
func uploadVideo(t *testing.T, s *Server, tok string, body map[string]any) string {
	t.Helper()
	a := start(t, s, tok, body, 10, "video/mp4")
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	done := put(t, a.Header.Get("Location"), "bytes 0-9/10", make([]byte, 10))
	require.Equal(t, http.StatusCreated, done.Status)
	return done.JSON(t)["id"].(string)
}

func TestVideosListScheduleAndDelete(t *testing.T) {
	s, clock, tok := uploader(t, Options{})
	id := uploadVideo(t, s, tok, meta(func(_, st map[string]any) {
		st["privacyStatus"], st["publishAt"] = "private", "2026-11-23T12:00:00Z"
	}))
	status := func() map[string]any {
		a := do(t, http.MethodGet, s.URL+VideosPath+"?part=status&id="+id, tok, nil)
		require.Equal(t, http.StatusOK, a.Status, string(a.Body))
		items := a.JSON(t)["items"].([]any)
		if len(items) == 0 {
			return nil
		}
		return items[0].(map[string]any)["status"].(map[string]any)
	}
	assert.Equal(t, "private", status()["privacyStatus"])
	assert.Equal(t, "2026-11-23T12:00:00Z", status()["publishAt"])
	clock.Advance(2 * time.Hour)
	tok = s.IssueAccessToken("alice", upload, readonly, forceSSL)
	assert.Equal(t, "public", status()["privacyStatus"], "publishAt came")

	a := do(t, http.MethodDelete, s.URL+VideosPath+"?id="+id, s.IssueAccessToken("alice", upload, readonly), nil)
	assert.Equal(t, http.StatusForbidden, a.Status, "youtube.upload cannot delete")
	reason, _ := a.apiReason(t)
	assert.Equal(t, "insufficientPermissions", reason)
	assert.Equal(t, http.StatusNoContent, do(t, http.MethodDelete, s.URL+VideosPath+"?id="+id, tok, nil).Status)
	assert.Nil(t, status(), "videos.list no longer returns it")
	a = do(t, http.MethodDelete, s.URL+VideosPath+"?id="+id, tok, nil)
	assert.Equal(t, http.StatusNotFound, a.Status)
	reason, _ = a.apiReason(t)
	assert.Equal(t, "videoNotFound", reason)
}

func TestUploadsPlaylist(t *testing.T) {
	s, clock, tok := uploader(t, Options{})
	var ids []string
	for i := range 3 {
		ids = append(ids, uploadVideo(t, s, tok, meta(func(sn, _ map[string]any) { sn["title"] = "v" + strconv.Itoa(i) })))
		clock.Advance(time.Minute)
	}
	a := do(t, http.MethodGet, s.URL+ChannelsPath+"?part=contentDetails&id="+aliceChannel, tok, nil)
	require.Equal(t, http.StatusOK, a.Status)
	var ch struct {
		Items []struct {
			ContentDetails struct{ RelatedPlaylists struct{ Uploads string } }
		}
	}
	require.NoError(t, json.Unmarshal(a.Body, &ch))
	playlist := ch.Items[0].ContentDetails.RelatedPlaylists.Uploads
	assert.Equal(t, "UUaliceAAAAAAAAAAAAAAAAA", playlist)

	q := url.Values{"part": {"snippet"}, "playlistId": {playlist}, "maxResults": {"2"}}
	a = do(t, http.MethodGet, s.URL+PlaylistItemsPath+"?"+q.Encode(), tok, nil)
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	var page struct {
		NextPageToken string
		Items         []struct {
			Snippet struct {
				Title       string
				PublishedAt string
				ResourceID  struct{ VideoID string } `json:"resourceId"`
			}
		}
	}
	require.NoError(t, json.Unmarshal(a.Body, &page))
	require.Len(t, page.Items, 2)
	assert.Equal(t, ids[2], page.Items[0].Snippet.ResourceID.VideoID, "newest first")
	assert.Equal(t, "v1", page.Items[1].Snippet.Title)
	require.NotEmpty(t, page.NextPageToken)

	q.Set("pageToken", page.NextPageToken)
	a = do(t, http.MethodGet, s.URL+PlaylistItemsPath+"?"+q.Encode(), tok, nil)
	page.NextPageToken = ""
	require.NoError(t, json.Unmarshal(a.Body, &page))
	require.Len(t, page.Items, 1)
	assert.Equal(t, ids[0], page.Items[0].Snippet.ResourceID.VideoID)
	assert.Empty(t, page.NextPageToken)

	a = do(t, http.MethodGet, s.URL+PlaylistItemsPath+"?part=snippet&playlistId=UUnope", tok, nil)
	assert.Equal(t, http.StatusNotFound, a.Status)
	a = do(t, http.MethodGet, s.URL+PlaylistItemsPath+"?part=snippet&playlistId="+playlist, s.IssueAccessToken("alice", upload), nil)
	assert.Equal(t, http.StatusForbidden, a.Status, "reading needs a read scope")
}
