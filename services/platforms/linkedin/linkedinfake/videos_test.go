package linkedinfake

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const member = "urn:li:person:" + DefaultMember

// restJSON sends a /rest call (or a PUT of raw bytes when body is []byte).
func restJSON(t *testing.T, method, u, token string, body any) (int, http.Header, map[string]any) {
	t.Helper()
	var rd io.Reader
	if raw, ok := body.([]byte); ok {
		rd = bytes.NewReader(raw)
	} else if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, u, rd)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range restHeaders {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var m map[string]any
	if len(data) > 0 {
		require.NoError(t, json.Unmarshal(data, &m), string(data))
	}
	return resp.StatusCode, resp.Header, m
}

type videoInit struct {
	urn, token string
	urls       []string
}

func initVideo(t *testing.T, s *Server, tok string, size int) videoInit {
	t.Helper()
	status, _, body := restJSON(t, http.MethodPost, s.URL+"/rest/videos?action=initializeUpload", tok,
		map[string]any{"initializeUploadRequest": map[string]any{"owner": member, "fileSizeBytes": size}})
	require.Equal(t, http.StatusOK, status, body)
	v := body["value"].(map[string]any)
	out := videoInit{urn: v["video"].(string), token: v["uploadToken"].(string)}
	for _, in := range v["uploadInstructions"].([]any) {
		out.urls = append(out.urls, in.(map[string]any)["uploadUrl"].(string))
	}
	return out
}

func finalize(t *testing.T, s *Server, tok string, v videoInit, etags []string) (int, map[string]any) {
	t.Helper()
	status, _, body := restJSON(t, http.MethodPost, s.URL+"/rest/videos?action=finalizeUpload", tok,
		map[string]any{"finalizeUploadRequest": map[string]any{"video": v.urn, "uploadToken": v.token, "uploadedPartIds": etags}})
	return status, body
}

func postWith(t *testing.T, s *Server, tok string, content map[string]any) (int, map[string]any) {
	t.Helper()
	status, _, body := restJSON(t, http.MethodPost, s.URL+"/rest/posts", tok, map[string]any{
		"author": member, "commentary": "hi", "visibility": "PUBLIC", "lifecycleState": "PUBLISHED",
		"distribution": map[string]any{"feedDistribution": "MAIN_FEED"}, "content": content})
	return status, body
}

func TestVideoUploadNeedsEveryETagInOrder(t *testing.T) {
	s, _ := newFakeWith(t, App{}, Options{VideoPart: 4})
	tok := s.IssueToken(DefaultMember, "w_member_social")
	v := initVideo(t, s, tok, 10)
	require.Len(t, v.urls, 3)

	status, _, _ := restJSON(t, http.MethodPut, v.urls[0], tok, []byte("012"))
	assert.Equal(t, http.StatusBadRequest, status, "a part must be exactly its range")
	var etags []string
	for i, part := range []string{"0123", "4567", "89"} {
		status, hdr, _ := restJSON(t, http.MethodPut, v.urls[i], tok, []byte(part))
		require.Equal(t, http.StatusOK, status)
		require.NotEmpty(t, hdr.Get("ETag"))
		etags = append(etags, hdr.Get("ETag"))
	}
	status, body := finalize(t, s, tok, v, etags[:2])
	assert.Equal(t, http.StatusBadRequest, status, "a missing ETag")
	assert.Contains(t, body["message"], "in order")
	status, _ = finalize(t, s, tok, v, []string{etags[1], etags[0], etags[2]})
	assert.Equal(t, http.StatusBadRequest, status, "ETags out of order")

	_, hdr, _ := restJSON(t, http.MethodPut, v.urls[2], tok, []byte("89"))
	status, _ = finalize(t, s, tok, v, etags)
	assert.Equal(t, http.StatusBadRequest, status, "a re-PUT part has a new ETag")
	etags[2] = hdr.Get("ETag")

	status, _ = postWith(t, s, tok, map[string]any{"media": map[string]any{"id": v.urn}})
	assert.Equal(t, http.StatusBadRequest, status, "not finalized: not AVAILABLE")

	status, body = finalize(t, s, tok, v, etags)
	require.Equal(t, http.StatusOK, status, body)
	status, _ = finalize(t, s, tok, v, etags)
	assert.Equal(t, http.StatusBadRequest, status, "finalized once")

	status, body = postWith(t, s, tok, map[string]any{"media": map[string]any{"id": v.urn}})
	assert.Equal(t, http.StatusBadRequest, status, "still PROCESSING")
	assert.Equal(t, "Media "+v.urn+" is not AVAILABLE", body["message"])

	get := func() string {
		_, _, body := restJSON(t, http.MethodGet, s.URL+"/rest/videos/"+url.PathEscape(v.urn), tok, nil)
		return body["status"].(string)
	}
	assert.Equal(t, VideoProcessing, get())
	assert.Equal(t, VideoAvailable, get())
	status, body = postWith(t, s, tok, map[string]any{"media": map[string]any{"id": v.urn, "title": "T"}})
	require.Equal(t, http.StatusCreated, status, body)
	assert.Equal(t, []byte("0123456789"), s.VideoData(v.urn))
}

func TestVideoInitializeRules(t *testing.T) {
	s, _ := newFake(t, App{})
	tok := s.IssueToken(DefaultMember, "w_member_social")
	status, _, _ := restJSON(t, http.MethodPost, s.URL+"/rest/videos?action=initializeUpload", tok,
		map[string]any{"initializeUploadRequest": map[string]any{"owner": member}})
	assert.Equal(t, http.StatusUnprocessableEntity, status, "fileSizeBytes is required")
	status, _, _ = restJSON(t, http.MethodPost, s.URL+"/rest/videos?action=initializeUpload", tok,
		map[string]any{"initializeUploadRequest": map[string]any{"owner": "urn:li:organization:1", "fileSizeBytes": 3}})
	assert.Equal(t, http.StatusForbidden, status, "not an administrator")
}

func TestVideoProcessingFailure(t *testing.T) {
	s, _ := newFake(t, App{})
	tok := s.IssueToken(DefaultMember, "w_member_social")
	s.FailNextVideo("Unsupported codec")
	v := initVideo(t, s, tok, 2)
	_, hdr, _ := restJSON(t, http.MethodPut, v.urls[0], tok, []byte("ab"))
	status, _ := finalize(t, s, tok, v, []string{hdr.Get("ETag")})
	require.Equal(t, http.StatusOK, status)
	restJSON(t, http.MethodGet, s.URL+"/rest/videos/"+url.PathEscape(v.urn), tok, nil)
	_, _, body := restJSON(t, http.MethodGet, s.URL+"/rest/videos/"+url.PathEscape(v.urn), tok, nil)
	assert.Equal(t, VideoProcessingFailed, body["status"])
	assert.Equal(t, "Unsupported codec", body["processingFailureReason"])
	status, _ = postWith(t, s, tok, map[string]any{"media": map[string]any{"id": v.urn}})
	assert.Equal(t, http.StatusBadRequest, status)
}

func uploadImage(t *testing.T, s *Server, tok, owner string) string {
	t.Helper()
	status, _, body := restJSON(t, http.MethodPost, s.URL+"/rest/images?action=initializeUpload", tok,
		map[string]any{"initializeUploadRequest": map[string]any{"owner": owner}})
	require.Equal(t, http.StatusOK, status, body)
	v := body["value"].(map[string]any)
	status, _, _ = restJSON(t, http.MethodPut, v["uploadUrl"].(string), tok, []byte("img"))
	require.Equal(t, http.StatusCreated, status)
	return v["image"].(string)
}

func TestMultiImageRules(t *testing.T) {
	s, _ := newFakeWith(t, App{}, Options{MaxImages: 3})
	s.AddMember(Member{ID: DefaultMember, Roles: []Role{{OrganizationID: "7", Role: "ADMINISTRATOR", State: "APPROVED"}}})
	tok := s.IssueToken(DefaultMember, "w_member_social", "w_organization_social")
	imgs := func(ids ...string) map[string]any {
		var l []map[string]any
		for _, id := range ids {
			l = append(l, map[string]any{"id": id, "altText": "alt " + id})
		}
		return map[string]any{"multiImage": map[string]any{"images": l}}
	}
	a, b, c, d := uploadImage(t, s, tok, member), uploadImage(t, s, tok, member), uploadImage(t, s, tok, member), uploadImage(t, s, tok, member)
	status, body := postWith(t, s, tok, imgs(a))
	assert.Equal(t, http.StatusUnprocessableEntity, status, "at least 2")
	assert.Contains(t, body["message"], "2 to 3 images")
	status, _ = postWith(t, s, tok, imgs(a, b, c, d))
	assert.Equal(t, http.StatusUnprocessableEntity, status, "at most MaxImages")
	status, _ = postWith(t, s, tok, map[string]any{"media": map[string]any{"id": a}, "multiImage": imgs(b, c)["multiImage"]})
	assert.Equal(t, http.StatusUnprocessableEntity, status, "media and multiImage together")
	orgImage := uploadImage(t, s, tok, "urn:li:organization:7")
	status, _ = postWith(t, s, tok, imgs(a, orgImage))
	assert.Equal(t, http.StatusUnprocessableEntity, status, "an image owned by someone else")

	status, body = postWith(t, s, tok, imgs(a, b, c))
	require.Equal(t, http.StatusCreated, status, body)
	p := s.Posts()[0]
	require.Len(t, p.Images, 3)
	assert.Equal(t, "alt "+b, p.Images[1].AltText)
}
