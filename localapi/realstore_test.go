package localapi

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/jpeg"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/ai/aifake"
	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/mastodon"
	"webox-social/services/platforms/mastodon/mastodonfake"
	"webox-social/services/secrets"
	"webox-social/services/store/storetest"
)

// realRig is the API served over HTTP on 127.0.0.1 in front of the real core: a real
// store in a temp dir, in-memory secrets, the strict Mastodon fake standing in for the
// network, and the delivery engine running. One Mastodon account is connected.
type realRig struct {
	core       *app.App
	fake       *mastodonfake.Server
	url        string // the API's base URL, http://127.0.0.1:<port>
	token      string
	account    model.Account          // the connected Mastodon account
	deliveries chan app.DeliveryEvent // every delivery outcome of the engine
}

const realToken = "real-rig-token"

func newRealRig(t *testing.T) *realRig {
	t.Helper()
	fake := mastodonfake.New(mastodonfake.Options{})
	t.Cleanup(fake.Close)
	mc := mastodon.New(&http.Client{Timeout: 10 * time.Second})
	core, err := app.New(t.Context(), app.Params{
		Store: storetest.Open(t), Secrets: secrets.NewMemory(), DataDir: t.TempDir(),
		Connectors:  platforms.Registry{model.Mastodon: mc},
		Authorizers: map[model.Platform]platforms.Authorizer{model.Mastodon: mastodon.NewAuthorizer(mc)},
		OpenURL:     approveInBrowser,
		Getenv:      func(string) string { return "" },
	})
	require.NoError(t, err)
	r := &realRig{core: core, fake: fake, token: realToken, deliveries: make(chan app.DeliveryEvent, 16)}
	r.account, err = core.ConnectMastodon(t.Context(), fake.URL)
	require.NoError(t, err)
	core.Events().Delivery.Subscribe(func(_ context.Context, e app.DeliveryEvent) {
		select {
		case r.deliveries <- e:
		default: // a test that does not read them must not block the engine
		}
	})
	srv := httptest.NewServer(New(core, realToken))
	t.Cleanup(srv.Close)
	r.url = srv.URL
	core.Start(context.Background())
	t.Cleanup(core.Stop)
	return r
}

// approveInBrowser plays the user's browser: it follows the authorization URL, which
// the fake approves and redirects to the app's loopback listener.
func approveInBrowser(u string) error {
	go func() {
		resp, err := http.Get(u)
		if err == nil {
			resp.Body.Close()
		}
	}()
	return nil
}

// request builds a request to the API with the rig's token. body is sent as is when it
// is a string or []byte, JSON-encoded otherwise, and no body when nil.
func (r *realRig) request(t *testing.T, method, path string, body any) *http.Request {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		require.NoError(t, err)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, r.url+path, rd)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+r.token)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// send runs req and returns the status and the raw answer.
func (r *realRig) send(t *testing.T, req *http.Request) (int, []byte) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, raw
}

// do sends one request with the token and decodes the JSON object answered (nil when
// the answer is empty, as with 204).
func (r *realRig) do(t *testing.T, method, path string, body any) (int, map[string]any) {
	t.Helper()
	status, raw := r.send(t, r.request(t, method, path, body))
	var out map[string]any
	if len(raw) > 0 {
		require.NoError(t, json.Unmarshal(raw, &out), string(raw))
	}
	return status, out
}

// createPost creates a post for the rig's account over the API and returns its id.
func (r *realRig) createPost(t *testing.T, content string) int64 {
	t.Helper()
	status, body := r.do(t, "POST", "/api/social/posts", map[string]any{"content": content,
		"account_ids": []int64{r.account.ID}})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	return int64(body["id"].(float64))
}

// waitDelivery waits for the engine's next delivery outcome.
func (r *realRig) waitDelivery(t *testing.T) app.DeliveryEvent {
	t.Helper()
	select {
	case e := <-r.deliveries:
		return e
	case <-time.After(20 * time.Second):
		t.Fatal("no delivery event")
		return app.DeliveryEvent{}
	}
}

// errorOf checks the stable error shape and returns its code and message.
func errorOf(t *testing.T, body map[string]any) (code, msg string) {
	t.Helper()
	e, ok := body["error"].(map[string]any)
	require.True(t, ok, "error body: %v", body)
	code, _ = e["code"].(string)
	msg, _ = e["message"].(string)
	assert.NotEmpty(t, code)
	assert.True(t, strings.HasSuffix(msg, "."), "a sentence: %q", msg)
	return code, msg
}

func TestRealAuthHostAndLimits(t *testing.T) {
	r := newRealRig(t)
	for _, auth := range []string{"", "Bearer wrong"} {
		req := r.request(t, "GET", "/api/social/accounts", nil)
		req.Header.Set("Authorization", auth)
		status, raw := r.send(t, req)
		assert.Equal(t, http.StatusUnauthorized, status, auth)
		assert.Contains(t, string(raw), `"code":"unauthorized"`)
	}
	req := r.request(t, "GET", "/api/social/accounts", nil)
	req.Host = "evil.example:80"
	status, raw := r.send(t, req)
	assert.Equal(t, http.StatusForbidden, status)
	assert.Contains(t, string(raw), `"code":"forbidden_host"`)

	status, body := r.do(t, "GET", "/api/social/nowhere", nil)
	assert.Equal(t, http.StatusNotFound, status)
	code, _ := errorOf(t, body)
	assert.Equal(t, "no_route", code)

	status, body = r.do(t, "POST", "/api/social/posts", `{"content":"`+strings.Repeat("a", maxBody)+`"}`)
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
	code, _ = errorOf(t, body)
	assert.Equal(t, "body_too_large", code)

	status, body = r.do(t, "POST", "/api/social/posts", `{"content":`)
	assert.Equal(t, http.StatusBadRequest, status)
	code, _ = errorOf(t, body)
	assert.Equal(t, "bad_json", code)
}

func TestRealAccounts(t *testing.T) {
	r := newRealRig(t)
	status, body := r.do(t, "GET", "/api/social/accounts", nil)
	require.Equal(t, http.StatusOK, status)
	accts := body["accounts"].([]any)
	require.Len(t, accts, 1)
	a := accts[0].(map[string]any)
	assert.Equal(t, "mastodon", a["platform"])
	assert.Equal(t, true, a["is_active"])
	assert.Contains(t, a["handle"], "@alice@")
	assert.NotContains(t, a, "access_token", "no secrets in the API")

	id := strconv.FormatInt(r.account.ID, 10)
	status, body = r.do(t, "POST", "/api/social/accounts/"+id+"/refresh", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	assert.Equal(t, float64(r.account.ID), body["id"])
	status, body = r.do(t, "POST", "/api/social/accounts/999/refresh", nil)
	assert.Equal(t, http.StatusNotFound, status, "%v", body)
}

func TestRealDisconnect(t *testing.T) {
	r := newRealRig(t)
	status, body := r.do(t, "POST", "/api/social/disconnect/bluesky", map[string]any{"account_id": r.account.ID})
	assert.Equal(t, http.StatusBadRequest, status)
	code, msg := errorOf(t, body)
	assert.Equal(t, "platform_mismatch", code)
	assert.Contains(t, msg, "Mastodon")

	status, body = r.do(t, "POST", "/api/social/disconnect/mastodon", map[string]any{"account_id": 999})
	assert.Equal(t, http.StatusNotFound, status)
	code, _ = errorOf(t, body)
	assert.Equal(t, "not_found", code)

	status, _ = r.do(t, "POST", "/api/social/disconnect/mastodon", map[string]any{"account_id": r.account.ID})
	require.Equal(t, http.StatusNoContent, status)
	_, body = r.do(t, "GET", "/api/social/accounts", nil)
	assert.Empty(t, body["accounts"])
}

func TestRealPostsCRUD(t *testing.T) {
	r := newRealRig(t)
	status, body := r.do(t, "POST", "/api/social/posts", map[string]any{"content": "Hello from a script",
		"hashtags": []string{"webox"}, "account_ids": []int64{r.account.ID}})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Equal(t, "Hello from a script", body["content"])
	assert.Equal(t, []any{"mastodon"}, body["platforms"])
	assert.Equal(t, "draft", body["status"])
	assert.Nil(t, body["scheduled_time"])
	for _, k := range []string{"id", "media_ids", "hashtags", "published_at", "error_message", "created_at", "targets"} {
		assert.Contains(t, body, k)
	}
	id := strconv.FormatInt(int64(body["id"].(float64)), 10)

	status, body = r.do(t, "GET", "/api/social/posts", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Len(t, body["posts"], 1)

	status, body = r.do(t, "PUT", "/api/social/posts/"+id, map[string]any{"content": "Edited",
		"account_ids": []int64{r.account.ID}})
	require.Equal(t, http.StatusOK, status, "%v", body)
	status, body = r.do(t, "GET", "/api/social/posts/"+id, nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "Edited", body["content"])

	status, _ = r.do(t, "DELETE", "/api/social/posts/"+id, nil)
	require.Equal(t, http.StatusNoContent, status)
	for _, method := range []string{"GET", "DELETE"} {
		status, body = r.do(t, method, "/api/social/posts/"+id, nil)
		assert.Equal(t, http.StatusNotFound, status, method)
		code, _ := errorOf(t, body)
		assert.Equal(t, "not_found", code)
	}
}

func TestRealPostOverTheLimitIsRefusedWithASentence(t *testing.T) {
	r := newRealRig(t)
	status, body := r.do(t, "POST", "/api/social/posts", map[string]any{"content": strings.Repeat("a", 501),
		"account_ids": []int64{r.account.ID}, "scheduled_time": time.Now().Add(time.Hour).Format(time.RFC3339)})
	assert.Equal(t, http.StatusBadRequest, status, "a scheduled post must fit")
	code, msg := errorOf(t, body)
	assert.Equal(t, "invalid", code)
	assert.Contains(t, msg, "500")

	status, body = r.do(t, "POST", "/api/social/posts", map[string]any{"content": " ",
		"account_ids": []int64{r.account.ID}})
	assert.Equal(t, http.StatusBadRequest, status)
	_, msg = errorOf(t, body)
	assert.Equal(t, "Write something or attach a file before saving the post.", msg)
	_, body = r.do(t, "GET", "/api/social/posts", nil)
	assert.Empty(t, body["posts"], "nothing is saved")
}

func TestRealScheduleAndCancel(t *testing.T) {
	r := newRealRig(t)
	id := strconv.FormatInt(r.createPost(t, "Later"), 10)
	at := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
	status, body := r.do(t, "POST", "/api/social/posts/"+id+"/schedule",
		map[string]any{"scheduled_time": at.Format(time.RFC3339), "zone": "UTC"})
	require.Equal(t, http.StatusOK, status, "%v", body)
	assert.Equal(t, "scheduled", body["status"])
	got, err := time.Parse(time.RFC3339, body["scheduled_time"].(string))
	require.NoError(t, err)
	assert.True(t, at.Equal(got), "%v != %v", at, got)

	status, body = r.do(t, "POST", "/api/social/posts/"+id+"/cancel", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)
	assert.NotEqual(t, "scheduled", body["status"])
	assert.Empty(t, r.fake.Statuses())

	status, body = r.do(t, "POST", "/api/social/posts/999/schedule", map[string]any{"scheduled_time": at})
	assert.Equal(t, http.StatusNotFound, status, "%v", body)
}

func TestRealPublishGoesOutOnce(t *testing.T) {
	r := newRealRig(t)
	id := strconv.FormatInt(r.createPost(t, "Hello fediverse"), 10)
	status, body := r.do(t, "POST", "/api/social/posts/"+id+"/publish", nil)
	require.Equal(t, http.StatusOK, status, "%v", body)

	e := r.waitDelivery(t)
	assert.Equal(t, app.DeliveryPublished, e.Kind)
	_, body = r.do(t, "GET", "/api/social/posts/"+id, nil)
	assert.Equal(t, "published", body["status"])
	assert.NotNil(t, body["published_at"])
	statuses := r.fake.Statuses()
	require.Len(t, statuses, 1)
	assert.Contains(t, statuses[0].Text, "Hello fediverse")

	status, body = r.do(t, "POST", "/api/social/posts/"+id+"/publish", nil)
	assert.GreaterOrEqual(t, status, 400, "a published post is not sent again: %v", body)
	assert.Len(t, r.fake.Statuses(), 1)
}

func TestRealAIRoutesWithoutAI(t *testing.T) {
	r := newRealRig(t)
	status, body := r.do(t, "POST", "/api/social/generate/caption", map[string]any{"topic": "Bread",
		"platforms": []string{"mastodon"}})
	assert.Equal(t, http.StatusBadRequest, status)
	code, msg := errorOf(t, body)
	assert.Equal(t, "invalid", code)
	assert.Contains(t, msg, "AI is not set up")

	status, body = r.do(t, "POST", "/api/social/generate/hashtags", map[string]any{
		"content": "Fresh sourdough bread from our bakery this morning", "platform": "mastodon", "count": 3})
	require.Equal(t, http.StatusOK, status, "%v", body)
	assert.Equal(t, true, body["local"])
	assert.NotEmpty(t, body["hashtags"])

	status, body = r.do(t, "POST", "/api/social/generate/hashtags", map[string]any{"content": " "})
	assert.Equal(t, http.StatusBadRequest, status)
	_, msg = errorOf(t, body)
	assert.Contains(t, msg, "Write the text first")
}

func TestRealCaptionWithAI(t *testing.T) {
	r := newRealRig(t)
	const key = "sk-test-0123456789abcdef"
	ai := aifake.New(t, aifake.Options{Key: key, Models: []string{"gpt-4o-mini"}})
	require.NoError(t, r.core.SaveAISettings(t.Context(), app.AISettings{Endpoint: ai.URL, APIKey: key,
		Model: "gpt-4o-mini"}))
	ai.Enqueue(aifake.Reply{Chunks: []string{`{"variants": {"mastodon": ["Fresh bread today!", "Sourdough is back."]}}`}})

	status, body := r.do(t, "POST", "/api/social/generate/caption", map[string]any{"topic": "Bread",
		"platforms": []string{"mastodon"}})
	require.Equal(t, http.StatusOK, status, "%v", body)
	assert.Equal(t, map[string]any{"mastodon": []any{"Fresh bread today!", "Sourdough is back."}}, body["captions"])
}

func TestRealSuggestAndAnalyze(t *testing.T) {
	r := newRealRig(t)
	status, body := r.do(t, "POST", "/api/social/suggest/times", map[string]any{"account_ids": []int64{r.account.ID}})
	require.Equal(t, http.StatusOK, status, "%v", body)
	_, err := time.Parse(time.RFC3339, body["scheduled_time"].(string))
	assert.NoError(t, err)
	assert.Contains(t, body, "zone")

	status, body = r.do(t, "POST", "/api/social/analyze/content", map[string]any{
		"content": strings.Repeat("long ", 120), "account_ids": []int64{r.account.ID}})
	require.Equal(t, http.StatusOK, status, "%v", body)
	assert.Contains(t, body, "level")
	var onMastodon []string
	for _, f := range body["findings"].([]any) {
		if f := f.(map[string]any); f["platform"] == "mastodon" {
			onMastodon = append(onMastodon, f["message"].(string))
		}
	}
	assert.NotEmpty(t, onMastodon, "600 characters are over Mastodon's 500: %v", body)
}

func TestRealStatsRoutes(t *testing.T) {
	r := newRealRig(t)
	cases := []struct {
		path string
		keys []string
	}{
		{"/api/social/stats/overview", []string{"posts_published", "views", "likes", "comments", "shares",
			"engagement_rate", "followers", "previous"}},
		{"/api/social/stats/mastodon", []string{"platform", "posts_published", "views", "likes", "comments",
			"shares", "engagement_rate"}},
		{"/api/social/stats/engagement", []string{"points"}},
		{"/api/social/stats/growth", []string{"series"}},
		{"/api/social/stats/best-posts", []string{"posts"}},
	}
	for _, c := range cases {
		for _, q := range []string{"", "?period=7d", "?period=365d"} {
			status, body := r.do(t, "GET", c.path+q, nil)
			require.Equal(t, http.StatusOK, status, "%s%s: %v", c.path, q, body)
			for _, k := range c.keys {
				assert.Contains(t, body, k, c.path)
			}
		}
		for _, bad := range []string{"forever", "0d", "7", "-3d"} {
			status, body := r.do(t, "GET", c.path+"?period="+bad, nil)
			assert.Equal(t, http.StatusBadRequest, status, c.path+" "+bad)
			code, _ := errorOf(t, body)
			assert.Equal(t, "bad_period", code)
		}
	}
	status, body := r.do(t, "GET", "/api/social/stats/myspace", nil)
	assert.Equal(t, http.StatusNotFound, status)
	code, _ := errorOf(t, body)
	assert.Equal(t, "unknown_platform", code)
}

func TestRealStatsAfterPublishing(t *testing.T) {
	r := newRealRig(t)
	id := strconv.FormatInt(r.createPost(t, "Counted"), 10)
	status, _ := r.do(t, "POST", "/api/social/posts/"+id+"/publish", nil)
	require.Equal(t, http.StatusOK, status)
	require.Equal(t, app.DeliveryPublished, r.waitDelivery(t).Kind)
	_, err := r.core.RefreshStats(t.Context(), 0)
	require.NoError(t, err)

	_, body := r.do(t, "GET", "/api/social/stats/mastodon?period=7d", nil)
	assert.Equal(t, "mastodon", body["platform"])
	assert.EqualValues(t, 1, body["posts_published"], "%v", body)
	_, body = r.do(t, "GET", "/api/social/stats/growth", nil)
	series := body["series"].([]any)
	require.NotEmpty(t, series, "the connection read the follower count")
	s := series[0].(map[string]any)
	assert.Equal(t, float64(r.account.ID), s["account_id"])
	assert.Equal(t, "mastodon", s["platform"])
	assert.Contains(t, s, "account_name")
	for _, p := range s["points"].([]any) {
		_, err := time.Parse(time.RFC3339, p.(map[string]any)["date"].(string))
		assert.NoError(t, err)
		assert.Contains(t, p, "followers")
	}
}

func TestRealOpenAPIListsEveryRoute(t *testing.T) {
	r := newRealRig(t)
	req := r.request(t, "GET", "/api/openapi.json", nil)
	req.Header.Del("Authorization")
	status, raw := r.send(t, req)
	require.Equal(t, http.StatusOK, status)
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(raw, &doc))
	var documented, want []string
	for p, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" "+p)
		}
	}
	for _, rt := range routes() {
		want = append(want, rt.pattern())
	}
	sort.Strings(documented)
	sort.Strings(want)
	assert.Equal(t, want, documented)
}

func TestRealPostsTakeTheSeedsPlatforms(t *testing.T) {
	r := newRealRig(t)
	status, body := r.do(t, "POST", "/api/social/posts", map[string]any{"content": "To every Mastodon account",
		"platforms": []string{"mastodon"}})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	targets := body["targets"].([]any)
	require.Len(t, targets, 1)
	assert.EqualValues(t, r.account.ID, targets[0].(map[string]any)["account_id"])

	status, body = r.do(t, "POST", "/api/social/posts", map[string]any{"content": "Hi", "platforms": []string{"tiktok"}})
	assert.Equal(t, http.StatusBadRequest, status)
	code, msg := errorOf(t, body)
	assert.Equal(t, "unknown_platform", code)
	assert.Equal(t, "No tiktok account is connected in this workspace.", msg)
}

func TestRealPostsDownloadTheSeedsMediaURLs(t *testing.T) {
	r := newRealRig(t)
	var img bytes.Buffer
	require.NoError(t, jpeg.Encode(&img, image.NewRGBA(image.Rect(0, 0, 64, 48)), nil))
	files := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path != "/croissant.jpg" {
			http.NotFound(w, req)
			return
		}
		w.Header().Set("Content-Type", "image/jpeg")
		_, _ = w.Write(img.Bytes())
	}))
	defer files.Close()

	status, body := r.do(t, "POST", "/api/social/posts", map[string]any{"content": "Fresh croissants",
		"account_ids": []int64{r.account.ID}, "media_urls": []string{files.URL + "/croissant.jpg"}})
	require.Equal(t, http.StatusCreated, status, "%v", body)
	assert.Len(t, body["media_ids"], 1, "the picture is downloaded and attached")

	status, body = r.do(t, "POST", "/api/social/posts", map[string]any{"content": "Missing",
		"account_ids": []int64{r.account.ID}, "media_urls": []string{files.URL + "/gone.jpg"}})
	assert.Equal(t, http.StatusBadRequest, status)
	_, msg := errorOf(t, body)
	assert.Contains(t, msg, "404 Not Found")
}
