package instagramfake

import (
	"bytes"
	"encoding/json"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/platforms/facebook/facebookfake"
)

const igID = "17841400000000001"

var publishScopes = []string{"instagram_business_basic", "instagram_business_content_publish"}

type pubFake struct {
	s               *Server
	clk             *clock
	token           string
	jpg, png, video string
}

func newPubFake(t *testing.T, opts Options) *pubFake {
	t.Helper()
	s, clk := newFake(t, opts)
	s.SetPollsUntilFinished(2)
	var j, p bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 1, 1))
	require.NoError(t, jpeg.Encode(&j, img, nil))
	require.NoError(t, png.Encode(&p, img))
	media := map[string][]byte{"/a.jpg": j.Bytes(), "/a.png": p.Bytes(), "/v.mp4": []byte("fake mp4")}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := media[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(b)
	}))
	t.Cleanup(ts.Close)
	return &pubFake{s: s, clk: clk, token: s.IssueToken("a1", "app", publishScopes...),
		jpg: ts.URL + "/a.jpg", png: ts.URL + "/a.png", video: ts.URL + "/v.mp4"}
}

func (p *pubFake) call(t *testing.T, method, path string, v url.Values) answer {
	t.Helper()
	if v == nil {
		v = url.Values{}
	}
	if !v.Has("access_token") {
		v.Set("access_token", p.token)
	}
	if method == http.MethodGet || method == http.MethodDelete {
		return do(t, method, p.s.URL+"/v23.0"+path+"?"+v.Encode(), nil)
	}
	return do(t, method, p.s.URL+"/v23.0"+path, v)
}

// container makes a container and returns its id, failing the test on refusal.
func (p *pubFake) container(t *testing.T, v url.Values) string {
	t.Helper()
	a := p.call(t, http.MethodPost, "/"+igID+"/media", v)
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	return a.JSON(t)["id"].(string)
}

func (p *pubFake) status(t *testing.T, id string) string {
	t.Helper()
	a := p.call(t, http.MethodGet, "/"+id, url.Values{"fields": {"status_code,status"}})
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	return a.JSON(t)["status_code"].(string)
}

func (p *pubFake) finished(t *testing.T, id string) {
	t.Helper()
	for range 3 {
		if p.status(t, id) == StatusFinished {
			return
		}
	}
	t.Fatalf("container %s never FINISHED", id)
}

func (p *pubFake) publish(t *testing.T, id string) answer {
	t.Helper()
	return p.call(t, http.MethodPost, "/"+igID+"/media_publish", url.Values{"creation_id": {id}})
}

// methodError reads any Graph error as "type/code/subcode".
func methodError(t *testing.T, a answer) string {
	t.Helper()
	var env struct {
		Error struct {
			Type    string
			Code    int
			Subcode int `json:"error_subcode"`
		}
	}
	require.NoError(t, json.Unmarshal(a.Body, &env), string(a.Body))
	return env.Error.Type + "/" + strconv.Itoa(env.Error.Code) + "/" + strconv.Itoa(env.Error.Subcode)
}

func TestContainerRules(t *testing.T) {
	p := newPubFake(t, Options{})
	tests := []struct {
		name    string
		v       url.Values
		code    int
		subcode int
		want    string
	}{
		{"no source", url.Values{"caption": {"x"}}, 100, 0, "image_url is required"},
		{"image and video", url.Values{"image_url": {p.jpg}, "video_url": {p.video}}, 100, 0, "image_url is required"},
		{"unknown media_type", url.Values{"media_type": {"ALBUM"}, "image_url": {p.jpg}}, 100, 0, "must be one of"},
		{"VIDEO outside a carousel", url.Values{"media_type": {"VIDEO"}, "video_url": {p.video}}, 100, 0, "use REELS"},
		{"reel without video", url.Values{"media_type": {"REELS"}, "image_url": {p.jpg}}, 100, 0, "video_url is required"},
		{"alt text on a video", url.Values{"media_type": {"REELS"}, "video_url": {p.video}, "alt_text": {"x"}}, 100, 0, "only supported for images"},
		{"not http", url.Values{"image_url": {"ftp://127.0.0.1/a.jpg"}}, 9004, 2207052, "Only photo or video"},
		{"not found", url.Values{"image_url": {p.jpg + ".gone"}}, 9004, 2207052, "Only photo or video"},
		{"not a JPEG", url.Values{"image_url": {p.png}}, 36001, 2207005, "not supported"},
		{"caption too long", url.Values{"image_url": {p.jpg}, "caption": {strings.Repeat("é", 2201)}}, 100, 2207010, "Invalid parameter"},
		{"31 hashtags", url.Values{"image_url": {p.jpg}, "caption": {strings.Repeat("#tag ", 31)}}, 100, 2207010, "Invalid parameter"},
		{"21 mentions", url.Values{"image_url": {p.jpg}, "caption": {strings.Repeat("@who ", 21)}}, 100, 2207010, "Invalid parameter"},
		{"carousel without children", url.Values{"media_type": {"CAROUSEL"}}, 100, 0, "children is required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := p.call(t, http.MethodPost, "/"+igID+"/media", tc.v)
			assert.Equal(t, http.StatusBadRequest, a.Status)
			code, sub, msg := a.graphError(t)
			assert.Equal(t, tc.code, code)
			assert.Equal(t, tc.subcode, sub)
			assert.Contains(t, msg, tc.want)
		})
	}
	assert.Empty(t, p.s.Containers(igID))

	// At the limits: 2,200 characters, 30 hashtags and 20 mentions pass.
	p.container(t, url.Values{"image_url": {p.jpg}, "caption": {strings.Repeat("é", 2200)}})
	p.container(t, url.Values{"image_url": {p.jpg}, "caption": {strings.Repeat("#tag ", 30) + strings.Repeat("@who ", 20)}})
}

func TestCarouselRules(t *testing.T) {
	p := newPubFake(t, Options{})
	p.s.SetPollsUntilFinished(0)
	child := func() string {
		return p.container(t, url.Values{"image_url": {p.jpg}, "is_carousel_item": {"true"}})
	}
	carousel := func(ids ...string) answer {
		return p.call(t, http.MethodPost, "/"+igID+"/media", url.Values{"media_type": {"CAROUSEL"}, "children": {strings.Join(ids, ",")}})
	}
	one := carousel(child())
	_, sub, _ := one.graphError(t)
	assert.Equal(t, 2207028, sub, "one child is too few")
	var eleven []string
	for range 11 {
		eleven = append(eleven, child())
	}
	_, sub, _ = carousel(eleven...).graphError(t)
	assert.Equal(t, 2207028, sub, "eleven children are too many")

	plain := p.container(t, url.Values{"image_url": {p.jpg}})
	_, sub, _ = carousel(child(), plain).graphError(t)
	assert.Equal(t, 2207028, sub, "a child needs is_carousel_item=true")

	p.s.SetPollsUntilFinished(1)
	slow := p.container(t, url.Values{"media_type": {"VIDEO"}, "video_url": {p.video}, "is_carousel_item": {"true"}})
	code, sub, _ := carousel(eleven[0], slow).graphError(t)
	assert.Equal(t, []int{9007, 2207027}, []int{code, sub}, "children must be FINISHED")

	p.finished(t, slow)
	a := carousel(eleven[0], slow)
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	parent := a.JSON(t)["id"].(string)
	p.finished(t, parent)
	pub := p.publish(t, parent)
	require.Equal(t, http.StatusOK, pub.Status, string(pub.Body))
	m := p.s.Published(igID)
	require.Len(t, m, 1)
	assert.Equal(t, "CAROUSEL_ALBUM", m[0].MediaType)

	// Children have no permalink; the carousel has one.
	kid := p.call(t, http.MethodGet, "/"+m[0].Children[0], url.Values{"fields": {"id,permalink"}}).JSON(t)
	assert.NotContains(t, kid, "permalink")
	top := p.call(t, http.MethodGet, "/"+m[0].ID, url.Values{"fields": {"permalink"}}).JSON(t)
	assert.Contains(t, top["permalink"], "https://www.instagram.com/p/")

	// A child cannot be published alone, nor used twice.
	code, _, _ = p.publish(t, eleven[0]).graphError(t)
	assert.Equal(t, 100, code)
	_, sub, _ = carousel(eleven[0], eleven[1]).graphError(t)
	assert.Equal(t, 2207028, sub)
}

func TestContainerStateMachine(t *testing.T) {
	p := newPubFake(t, Options{})
	id := p.container(t, url.Values{"image_url": {p.jpg}, "caption": {"hello"}})

	code, sub, _ := p.publish(t, id).graphError(t)
	assert.Equal(t, []int{9007, 2207027}, []int{code, sub}, "not ready before FINISHED")

	assert.Equal(t, StatusInProgress, p.status(t, id))
	assert.Equal(t, StatusFinished, p.status(t, id), "FINISHED after two polls")
	a := p.publish(t, id)
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	mediaID := a.JSON(t)["id"].(string)
	assert.Equal(t, StatusPublished, p.status(t, id))

	again := p.publish(t, id)
	assert.Equal(t, http.StatusBadRequest, again.Status)
	_, sub, _ = again.graphError(t)
	assert.Equal(t, 2207008, sub)
	require.Len(t, p.s.Published(igID), 1, "never a second media from one container")
	assert.Equal(t, mediaID, p.s.Published(igID)[0].ID)
}

func TestContainerExpiresAndErrors(t *testing.T) {
	p := newPubFake(t, Options{})
	id := p.container(t, url.Values{"image_url": {p.jpg}})
	p.finished(t, id)
	p.clk.Advance(24 * time.Hour)
	assert.Equal(t, StatusExpired, p.status(t, id))
	_, sub, _ := p.publish(t, id).graphError(t)
	assert.Equal(t, 2207020, sub)

	p.s.FailNextContainer(2207026)
	bad := p.container(t, url.Values{"media_type": {"REELS"}, "video_url": {p.video}})
	p.status(t, bad)
	a := p.call(t, http.MethodGet, "/"+bad, url.Values{"fields": {"status_code,status"}}).JSON(t)
	assert.Equal(t, StatusError, a["status_code"])
	assert.Equal(t, "Error: Media upload has failed with error code 2207026.", a["status"])
	_, sub, _ = p.publish(t, bad).graphError(t)
	assert.Equal(t, 2207026, sub)
	assert.Empty(t, p.s.Published(igID))
}

func TestPublishingQuota(t *testing.T) {
	p := newPubFake(t, Options{PublishQuota: 2})
	p.s.SetPollsUntilFinished(0)
	limit := func() map[string]any {
		a := p.call(t, http.MethodGet, "/"+igID+"/content_publishing_limit", url.Values{"fields": {"quota_usage,config"}})
		require.Equal(t, http.StatusOK, a.Status, string(a.Body))
		return a.JSON(t)["data"].([]any)[0].(map[string]any)
	}
	assert.EqualValues(t, 0, limit()["quota_usage"])
	assert.Equal(t, map[string]any{"quota_total": 2.0, "quota_duration": 86400.0}, limit()["config"])
	for range 2 {
		require.Equal(t, http.StatusOK, p.publish(t, p.container(t, url.Values{"image_url": {p.jpg}})).Status)
	}
	assert.EqualValues(t, 2, limit()["quota_usage"])
	code, sub, _ := p.publish(t, p.container(t, url.Values{"image_url": {p.jpg}})).graphError(t)
	assert.Equal(t, []int{9, 2207042}, []int{code, sub})

	p.clk.Advance(24 * time.Hour)
	assert.EqualValues(t, 0, limit()["quota_usage"], "a moving 24-hour window")
}

func TestPublishingTokenChecks(t *testing.T) {
	p := newPubFake(t, Options{})
	create := url.Values{"image_url": {p.jpg}}

	basic := p.s.IssueToken("a1", "app", "instagram_business_basic")
	a := p.call(t, http.MethodPost, "/"+igID+"/media", url.Values{"image_url": {p.jpg}, "access_token": {basic}})
	assert.Equal(t, http.StatusForbidden, a.Status)
	code, _, _ := a.graphError(t)
	assert.Equal(t, 10, code)

	other := p.call(t, http.MethodPost, "/17841400000009999/media", create)
	assert.Equal(t, "GraphMethodException/100/33", methodError(t, other), "another account's edge")

	p.s.ExpireToken(p.token)
	code, sub, _ := p.call(t, http.MethodPost, "/"+igID+"/media", create).graphError(t)
	assert.Equal(t, []int{190, 463}, []int{code, sub})
	code, _, _ = p.call(t, http.MethodGet, "/"+igID+"/media", url.Values{"access_token": {"EAAnotours"}}).graphError(t)
	assert.Equal(t, 190, code)
}

func TestFacebookStyle(t *testing.T) {
	p := newPubFake(t, Options{})
	p.s.SetPollsUntilFinished(0)
	p.s.FB.AddUser(facebookfake.User{ID: "u1", Name: "Ada"},
		facebookfake.Page{ID: "p1", Name: "Page", Instagram: &facebookfake.InstagramAccount{ID: "17841400000000011"}})
	page := p.s.FB.IssuePageToken("u1", "app", "p1", "instagram_basic", "instagram_content_publish", "pages_show_list", "instagram_manage_contents")
	fb := func(method, path string, v url.Values) answer {
		v.Set("access_token", page)
		if method == http.MethodPost {
			return do(t, method, p.s.FBGraphURL()+path, v)
		}
		return do(t, method, p.s.FBGraphURL()+path+"?"+v.Encode(), nil)
	}
	a := fb(http.MethodPost, "/17841400000000011/media", url.Values{"image_url": {p.jpg}})
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	pub := fb(http.MethodPost, "/17841400000000011/media_publish", url.Values{"creation_id": {a.JSON(t)["id"].(string)}})
	require.Equal(t, http.StatusOK, pub.Status, string(pub.Body))
	mediaID := pub.JSON(t)["id"].(string)

	// The Instagram Login host does not take the Page token, nor FB the Instagram token.
	code, _, _ := p.call(t, http.MethodGet, "/17841400000000011/media", url.Values{"access_token": {page}}).graphError(t)
	assert.Equal(t, 190, code)
	v := url.Values{"image_url": {p.jpg}, "access_token": {p.token}}
	code, _, _ = answer{do(t, http.MethodPost, p.s.FBGraphURL()+"/"+igID+"/media", v).Answer}.graphError(t)
	assert.Equal(t, 190, code)

	// Other Graph calls are FB's own.
	acc := fb(http.MethodGet, "/p1", url.Values{"fields": {"instagram_business_account"}})
	require.Equal(t, http.StatusOK, acc.Status, string(acc.Body))

	// Delete: only here, with instagram_manage_contents.
	require.Equal(t, http.StatusOK, fb(http.MethodDelete, "/"+mediaID, url.Values{}).Status)
	assert.Empty(t, p.s.Published("17841400000000011"))
}

func TestDeleteRefusedOnInstagramStyle(t *testing.T) {
	p := newPubFake(t, Options{})
	p.s.SetPollsUntilFinished(0)
	id := p.publish(t, p.container(t, url.Values{"image_url": {p.jpg}})).JSON(t)["id"].(string)
	assert.Equal(t, "GraphMethodException/100/33", methodError(t, p.call(t, http.MethodDelete, "/"+id, nil)))
	assert.Len(t, p.s.Published(igID), 1)
}

func TestListMedia(t *testing.T) {
	p := newPubFake(t, Options{})
	p.s.SetPollsUntilFinished(0)
	start := p.clk.Now()
	for i := range 3 {
		p.publish(t, p.container(t, url.Values{"image_url": {p.jpg}, "caption": {"post " + strconv.Itoa(i)}}))
		p.clk.Advance(time.Minute)
	}
	story := p.container(t, url.Values{"media_type": {"STORIES"}, "image_url": {p.jpg}})
	p.publish(t, story)

	q := url.Values{"fields": {"id,caption,timestamp,permalink"}, "limit": {"2"}, "since": {strconv.FormatInt(start.Add(time.Minute).Unix(), 10)}}
	a := p.call(t, http.MethodGet, "/"+igID+"/media", q)
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	var page struct {
		Data []struct {
			ID, Caption, Timestamp, Permalink string
		}
		Paging struct{ Next string }
	}
	require.NoError(t, json.Unmarshal(a.Body, &page))
	require.Len(t, page.Data, 2, "stories are not listed; since drops post 0")
	assert.Equal(t, "post 2", page.Data[0].Caption, "newest first")
	assert.Equal(t, "post 1", page.Data[1].Caption)
	assert.NotEmpty(t, page.Data[0].Permalink)
	assert.Equal(t, p.clk.Now().Add(-time.Minute).UTC().Format(graphTime), page.Data[0].Timestamp)
	assert.Empty(t, page.Paging.Next)
}

func TestThrottlingAndUsageHeader(t *testing.T) {
	p := newPubFake(t, Options{CallsPerHour: 2, ThrottleCode: 32})
	for range 2 {
		a := p.call(t, http.MethodGet, "/"+igID+"/content_publishing_limit", nil)
		require.Equal(t, http.StatusOK, a.Status)
		assert.Contains(t, a.Header.Get("X-Business-Use-Case-Usage"), `"call_count"`)
	}
	a := p.call(t, http.MethodGet, "/"+igID+"/content_publishing_limit", nil)
	code, _, msg := a.graphError(t)
	assert.Equal(t, 32, code)
	assert.Equal(t, "(#32) Page request limit reached", msg)
	var usage map[string][]map[string]any
	require.NoError(t, json.Unmarshal([]byte(a.Header.Get("X-Business-Use-Case-Usage")), &usage))
	assert.EqualValues(t, 100, usage[igID][0]["call_count"])
	assert.EqualValues(t, 61, usage[igID][0]["estimated_time_to_regain_access"])
}

func TestLoseNextPublishResponse(t *testing.T) {
	p := newPubFake(t, Options{})
	p.s.SetPollsUntilFinished(0)
	id := p.container(t, url.Values{"image_url": {p.jpg}, "caption": {"lost"}})
	p.s.LoseNextResponse("media_publish")
	req, err := http.NewRequest(http.MethodPost, p.s.URL+"/v23.0/"+igID+"/media_publish",
		strings.NewReader(url.Values{"creation_id": {id}, "access_token": {p.token}}.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	_, err = http.DefaultClient.Do(req)
	require.Error(t, err, "the answer is dropped")
	assert.Len(t, p.s.Published(igID), 1, "but the post is made")
	assert.Equal(t, StatusPublished, p.status(t, id))
}
