package tiktokfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const verifiedBase = "https://media.example.com/"

func pubFake(t *testing.T, opts Options) (*Server, *clock, string) {
	t.Helper()
	s, c := newFake(t)
	s.Close()
	opts.Now = c.Now
	opts.VerifiedURLPrefixes = []string{verifiedBase}
	s = New(opts)
	t.Cleanup(s.Close)
	return s, c, s.IssueToken(DefaultUser, "user.info.basic", "video.upload", "video.publish", "video.list")
}

func send(t *testing.T, method, url, token string, body any, header ...string) (int, map[string]any) {
	t.Helper()
	var rd *bytes.Reader
	switch b := body.(type) {
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json; charset=UTF-8")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var m map[string]any
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber() // 19-digit post ids
	if err := dec.Decode(&m); err != nil && err != io.EOF {
		require.NoError(t, err)
	}
	return resp.StatusCode, m
}

func videoInitBody(privacy string, size, chunk, count int64) map[string]any {
	return map[string]any{
		"post_info":   map[string]any{"title": "hello", "privacy_level": privacy},
		"source_info": map[string]any{"source": "FILE_UPLOAD", "video_size": size, "chunk_size": chunk, "total_chunk_count": count},
	}
}

func data(body map[string]any) map[string]any { return body["data"].(map[string]any) }

func TestVideoInitRules(t *testing.T) {
	s, clk, tok := pubFake(t, Options{})
	init := func(body any, token string) (int, map[string]any) {
		clk.Advance(time.Minute) // stay under 6 inits a minute
		return send(t, http.MethodPost, s.URL+"/v2/post/publish/video/init/", token, body)
	}
	status, body := init(videoInitBody("FOLLOWER_OF_CREATOR", 100, 100, 1), tok)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "privacy_level_option_mismatch", errCode(body))

	_, body = init(videoInitBody("SELF_ONLY", 100, 100, 1), s.IssueToken(DefaultUser, "video.upload"))
	assert.Equal(t, "scope_not_authorized", errCode(body))

	for _, bad := range [][3]int64{
		{100, 50, 2},                     // a small file goes whole
		{12 << 20, 4 << 20, 3},           // chunk under 5 MB
		{200 << 20, 65 << 20, 3},         // chunk over 64 MB
		{12 << 20, 5 << 20, 3},           // count must round down
		{100 << 20, 100 << 20, 1},        // over 64 MB needs several chunks
		{MaxVideoSize + 1, 64 << 20, 64}, // over 4 GB
	} {
		status, body = init(videoInitBody("SELF_ONLY", bad[0], bad[1], bad[2]), tok)
		assert.Equal(t, http.StatusBadRequest, status, bad)
		assert.Equal(t, "invalid_params", errCode(body), bad)
	}

	status, body = init(map[string]any{"post_info": map[string]any{"privacy_level": "SELF_ONLY", "colour": "red"}}, tok)
	assert.Equal(t, http.StatusBadRequest, status, "unknown fields are refused")

	status, body = init(videoInitBody("SELF_ONLY", 12<<20, 5<<20, 2), tok)
	require.Equal(t, http.StatusOK, status, body)
	assert.Contains(t, data(body)["upload_url"], s.URL+"/upload/")
	assert.NotEmpty(t, data(body)["publish_id"])
}

func TestUnauditedAndCaps(t *testing.T) {
	s, clk, tok := pubFake(t, Options{Unaudited: true, DailyPostCap: 2, PendingInboxCap: 1})
	init := func(path string, body any) map[string]any {
		clk.Advance(time.Minute)
		_, b := send(t, http.MethodPost, s.URL+path, tok, body)
		return b
	}
	assert.Equal(t, "unaudited_client_can_only_post_to_private_accounts", errCode(init("/v2/post/publish/video/init/", videoInitBody("PUBLIC_TO_EVERYONE", 10, 10, 1))))
	assert.Equal(t, "ok", errCode(init("/v2/post/publish/video/init/", videoInitBody("SELF_ONLY", 10, 10, 1))))
	assert.Equal(t, "ok", errCode(init("/v2/post/publish/video/init/", videoInitBody("SELF_ONLY", 10, 10, 1))))
	assert.Equal(t, "spam_risk_too_many_posts", errCode(init("/v2/post/publish/video/init/", videoInitBody("SELF_ONLY", 10, 10, 1))))
	clk.Advance(24 * time.Hour)
	tok = s.IssueToken(DefaultUser, "video.upload", "video.publish")
	assert.Equal(t, "ok", errCode(init("/v2/post/publish/video/init/", videoInitBody("SELF_ONLY", 10, 10, 1))), "a new day")

	inbox := map[string]any{"source_info": map[string]any{"source": "FILE_UPLOAD", "video_size": 10, "chunk_size": 10, "total_chunk_count": 1}}
	assert.Equal(t, "ok", errCode(init("/v2/post/publish/inbox/video/init/", inbox)))
	assert.Equal(t, "spam_risk_too_many_pending_share", errCode(init("/v2/post/publish/inbox/video/init/", inbox)))
}

func TestInitRateLimit(t *testing.T) {
	s, clk, tok := pubFake(t, Options{})
	for i := range 6 {
		status, body := send(t, http.MethodPost, s.URL+"/v2/post/publish/video/init/", tok, videoInitBody("SELF_ONLY", 10, 10, 1))
		require.Equal(t, http.StatusOK, status, i, body)
	}
	status, body := send(t, http.MethodPost, s.URL+"/v2/post/publish/inbox/video/init/", tok, videoInitBody("SELF_ONLY", 10, 10, 1))
	assert.Equal(t, http.StatusTooManyRequests, status)
	assert.Equal(t, "rate_limit_exceeded", errCode(body))
	clk.Advance(time.Minute)
	status, _ = send(t, http.MethodPost, s.URL+"/v2/post/publish/video/init/", tok, videoInitBody("SELF_ONLY", 10, 10, 1))
	assert.Equal(t, http.StatusOK, status)
}

func TestChunksInOrderAndStatusWalk(t *testing.T) {
	s, clk, tok := pubFake(t, Options{ModerationDelay: time.Minute})
	size := int64(12<<20 + 7)
	_, body := send(t, http.MethodPost, s.URL+"/v2/post/publish/video/init/", tok, videoInitBody("PUBLIC_TO_EVERYONE", size, 5<<20, 2))
	uploadURL, id := data(body)["upload_url"].(string), data(body)["publish_id"].(string)
	put := func(first, last int64, ctype string) int {
		status, _ := send(t, http.MethodPut, uploadURL, "", make([]byte, last-first+1),
			"Content-Type", ctype, "Content-Range", fmt.Sprintf("bytes %d-%d/%d", first, last, size))
		return status
	}
	fetch := func() map[string]any {
		status, body := send(t, http.MethodPost, s.URL+"/v2/post/publish/status/fetch/", tok, map[string]string{"publish_id": id})
		require.Equal(t, http.StatusOK, status, body)
		return data(body)
	}

	assert.Equal(t, http.StatusBadRequest, put(5<<20, size-1, "video/mp4"), "out of order")
	assert.Equal(t, http.StatusUnsupportedMediaType, put(0, 5<<20-1, "image/png"))
	assert.Equal(t, http.StatusBadRequest, put(0, 4<<20, "video/mp4"), "not the planned range")
	assert.Equal(t, http.StatusPartialContent, put(0, 5<<20-1, "video/mp4"))
	st := fetch()
	assert.Equal(t, "PROCESSING_UPLOAD", st["status"])
	assert.Equal(t, json.Number(fmt.Sprint(5<<20)), st["uploaded_bytes"])
	assert.Equal(t, http.StatusCreated, put(5<<20, size-1, "video/mp4"), "the last chunk absorbs the remainder")

	assert.Equal(t, "PROCESSING_UPLOAD", fetch()["status"])
	st = fetch()
	assert.Equal(t, "PUBLISH_COMPLETE", st["status"])
	assert.Empty(t, st["publicaly_available_post_id"], "in moderation")
	clk.Advance(time.Minute)
	st = fetch()
	require.Len(t, st["publicaly_available_post_id"], 1)
	assert.Equal(t, s.Publishes()[0].PostID, fmt.Sprint(st["publicaly_available_post_id"].([]any)[0]))
}

func TestStatusRateLimitAndFailure(t *testing.T) {
	s, _, tok := pubFake(t, Options{ProcessingFetches: -1})
	s.FailNextPublish("file_format_check_failed")
	body := map[string]any{"media_type": "PHOTO", "post_mode": "DIRECT_POST",
		"post_info":   map[string]any{"title": "t", "privacy_level": "SELF_ONLY"},
		"source_info": map[string]any{"source": "PULL_FROM_URL", "photo_images": []string{verifiedBase + "a.jpg"}}}
	_, b := send(t, http.MethodPost, s.URL+"/v2/post/publish/content/init/", tok, body)
	id := data(b)["publish_id"]
	for range 30 {
		_, b = send(t, http.MethodPost, s.URL+"/v2/post/publish/status/fetch/", tok, map[string]any{"publish_id": id})
		assert.Equal(t, "FAILED", data(b)["status"])
		assert.Equal(t, "file_format_check_failed", data(b)["fail_reason"])
	}
	status, b := send(t, http.MethodPost, s.URL+"/v2/post/publish/status/fetch/", tok, map[string]any{"publish_id": id})
	assert.Equal(t, http.StatusTooManyRequests, status)
	assert.Equal(t, "rate_limit_exceeded", errCode(b))
}

func TestPhotoRules(t *testing.T) {
	s, clk, tok := pubFake(t, Options{})
	photo := func(mode, source string, urls ...string) map[string]any {
		clk.Advance(time.Minute)
		_, b := send(t, http.MethodPost, s.URL+"/v2/post/publish/content/init/", tok, map[string]any{"media_type": "PHOTO", "post_mode": mode,
			"post_info":   map[string]any{"title": "t", "description": "d", "privacy_level": "PUBLIC_TO_EVERYONE"},
			"source_info": map[string]any{"source": source, "photo_images": urls}})
		return b
	}
	assert.Equal(t, "invalid_params", errCode(photo("DIRECT_POST", "FILE_UPLOAD", verifiedBase+"a.jpg")), "photos only by URL")
	assert.Equal(t, "url_ownership_unverified", errCode(photo("DIRECT_POST", "PULL_FROM_URL", verifiedBase+"a.jpg", "https://elsewhere.example/b.jpg")))
	assert.Equal(t, "invalid_params", errCode(photo("DIRECT_POST", "PULL_FROM_URL")))
	assert.Equal(t, "ok", errCode(photo("MEDIA_UPLOAD", "PULL_FROM_URL", verifiedBase+"a.jpg")))
	assert.Equal(t, "ok", errCode(photo("DIRECT_POST", "PULL_FROM_URL", verifiedBase+"a.jpg")))

	uploadOnly := s.IssueToken(DefaultUser, "video.upload")
	_, b := send(t, http.MethodPost, s.URL+"/v2/post/publish/content/init/", uploadOnly, map[string]any{"media_type": "PHOTO", "post_mode": "DIRECT_POST",
		"post_info": map[string]any{}, "source_info": map[string]any{"source": "PULL_FROM_URL", "photo_images": []string{verifiedBase + "a.jpg"}}})
	assert.Equal(t, "scope_not_authorized", errCode(b), "a direct photo post needs video.publish")
}

func TestVideoListAndNoDelete(t *testing.T) {
	s, clk, tok := pubFake(t, Options{ProcessingFetches: -1})
	for i, privacy := range []string{"PUBLIC_TO_EVERYONE", "SELF_ONLY", "PUBLIC_TO_EVERYONE", "PUBLIC_TO_EVERYONE"} {
		clk.Advance(time.Minute)
		_, b := send(t, http.MethodPost, s.URL+"/v2/post/publish/content/init/", tok, map[string]any{"media_type": "PHOTO", "post_mode": "DIRECT_POST",
			"post_info":   map[string]any{"description": fmt.Sprint("post ", i), "privacy_level": privacy},
			"source_info": map[string]any{"source": "PULL_FROM_URL", "photo_images": []string{verifiedBase + "a.jpg"}}})
		require.Equal(t, "ok", errCode(b))
	}
	list := func(cursor any) map[string]any {
		status, b := send(t, http.MethodPost, s.URL+"/v2/video/list/?fields=id,video_description,create_time", tok, map[string]any{"max_count": 2, "cursor": cursor})
		require.Equal(t, http.StatusOK, status, b)
		return data(b)
	}
	page := list(0)
	videos := page["videos"].([]any)
	require.Len(t, videos, 2)
	assert.Equal(t, "post 3", videos[0].(map[string]any)["video_description"], "newest first")
	assert.Equal(t, true, page["has_more"])
	page = list(page["cursor"])
	require.Len(t, page["videos"], 1, "the private post is not listed")
	assert.Equal(t, "post 0", page["videos"].([]any)[0].(map[string]any)["video_description"])
	assert.Equal(t, false, page["has_more"])

	_, b := send(t, http.MethodPost, s.URL+"/v2/video/list/?fields=id", s.IssueToken(DefaultUser, "video.publish"), map[string]any{})
	assert.Equal(t, "scope_not_authorized", errCode(b))

	status, _ := send(t, http.MethodDelete, s.URL+"/v2/post/publish/"+s.Publishes()[0].ID+"/", tok, nil)
	assert.Equal(t, http.StatusNotFound, status, "TikTok has no delete endpoint")
}

func TestDropNextResponseAppliesTheCall(t *testing.T) {
	s, _, tok := pubFake(t, Options{})
	s.DropNextResponse(RouteVideoInit)
	raw, err := json.Marshal(videoInitBody("SELF_ONLY", 10, 10, 1))
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, s.URL+"/v2/post/publish/video/init/", bytes.NewReader(raw))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	_, err = http.DefaultClient.Do(req)
	assert.Error(t, err, "no answer")
	assert.Len(t, s.Publishes(), 1)
}
