package xcomfake

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func apiCall(t *testing.T, s *Server, method, path, token, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	return do(t, req)
}

func TestTweetRules(t *testing.T) {
	s, _ := newFake(t, Options{})
	tok, _ := s.IssueTokens(publicID, "alice", strings.Fields(allScopes)...)
	other, _ := s.IssueTokens(publicID, "bob", strings.Fields(allScopes)...)

	a := apiCall(t, s, http.MethodPost, "/2/tweets", tok, `{"media":{"media_ids":["1","2","3","4","5"]}}`)
	assert.Equal(t, http.StatusBadRequest, a.Status)

	init := apiCall(t, s, http.MethodPost, "/2/media/upload/initialize", tok, `{"media_type":"video/mp4","total_bytes":3,"media_category":"tweet_video"}`)
	require.Equal(t, http.StatusOK, init.Status)
	id := init.JSON(t)["data"].(map[string]any)["id"].(string)
	assert.Equal(t, http.StatusOK, apiCall(t, s, http.MethodPost, "/2/media/upload/"+id+"/append", tok, `{"media":"AAAA","segment_index":0}`).Status)
	assert.Equal(t, http.StatusOK, apiCall(t, s, http.MethodPost, "/2/media/upload/"+id+"/finalize", tok, "").Status)
	a = apiCall(t, s, http.MethodPost, "/2/tweets", tok, `{"media":{"media_ids":["`+id+`"]}}`)
	assert.Equal(t, http.StatusBadRequest, a.Status, "still processing")
	a = apiCall(t, s, http.MethodPost, "/2/tweets", other, `{"media":{"media_ids":["`+id+`"]}}`)
	assert.Equal(t, http.StatusBadRequest, a.Status, "someone else's media")

	a = apiCall(t, s, http.MethodPost, "/2/tweets", tok, `{"text":"hi","nope":1}`)
	assert.Equal(t, http.StatusBadRequest, a.Status, "unknown field")
	a = apiCall(t, s, http.MethodPost, "/2/tweets", tok, `{"text":"hi"}`)
	require.Equal(t, http.StatusCreated, a.Status)
	assert.NotEmpty(t, a.Header.Get("X-Rate-Limit-Remaining"))
	tid := a.JSON(t)["data"].(map[string]any)["id"].(string)
	a = apiCall(t, s, http.MethodPost, "/2/tweets", tok, `{"text":"hi"}`)
	assert.Equal(t, http.StatusForbidden, a.Status)
	assert.Equal(t, DuplicateDetail, a.JSON(t)["detail"])

	assert.Equal(t, http.StatusForbidden, apiCall(t, s, http.MethodDelete, "/2/tweets/"+tid, other, "").Status)
	assert.Equal(t, http.StatusOK, apiCall(t, s, http.MethodDelete, "/2/tweets/"+tid, tok, "").Status)
	assert.Equal(t, http.StatusNotFound, apiCall(t, s, http.MethodDelete, "/2/tweets/"+tid, tok, "").Status)

	noMedia, _ := s.IssueTokens(publicID, "alice", "tweet.read", "tweet.write", "users.read")
	assert.Equal(t, http.StatusForbidden, apiCall(t, s, http.MethodPost, "/2/media/upload/initialize", noMedia, `{}`).Status)
}

// uploadMedia runs initialize, append and finalize for a 3-byte upload and returns its id.
func uploadMedia(t *testing.T, s *Server, tok, mediaType, category string) string {
	t.Helper()
	init := apiCall(t, s, http.MethodPost, "/2/media/upload/initialize", tok,
		`{"media_type":"`+mediaType+`","total_bytes":3,"media_category":"`+category+`"}`)
	require.Equal(t, http.StatusOK, init.Status)
	id := init.JSON(t)["data"].(map[string]any)["id"].(string)
	require.Equal(t, http.StatusOK, apiCall(t, s, http.MethodPost, "/2/media/upload/"+id+"/append", tok, `{"media":"AAAA","segment_index":0}`).Status)
	require.Equal(t, http.StatusOK, apiCall(t, s, http.MethodPost, "/2/media/upload/"+id+"/finalize", tok, "").Status)
	return id
}

func processingState(t *testing.T, s *Server, tok, id string) map[string]any {
	t.Helper()
	a := apiCall(t, s, http.MethodGet, "/2/media/upload?command=STATUS&media_id="+id, tok, "")
	require.Equal(t, http.StatusOK, a.Status)
	return a.JSON(t)["data"].(map[string]any)["processing_info"].(map[string]any)
}

func TestMediaMetadata(t *testing.T) {
	s, _ := newFake(t, Options{})
	tok, _ := s.IssueTokens(publicID, "alice", strings.Fields(allScopes)...)
	other, _ := s.IssueTokens(publicID, "bob", strings.Fields(allScopes)...)
	id := uploadMedia(t, s, tok, "image/png", "tweet_image")

	a := apiCall(t, s, http.MethodPost, "/2/media/metadata", tok, `{"id":"`+id+`","metadata":{"alt_text":{"text":"A red door"}}}`)
	require.Equal(t, http.StatusOK, a.Status, string(a.Body))
	assert.NotEmpty(t, a.Header.Get("X-Rate-Limit-Remaining"))
	data := a.JSON(t)["data"].(map[string]any)
	assert.Equal(t, id, data["id"])
	assert.Equal(t, map[string]any{"alt_text": map[string]any{"text": "A red door"}}, data["associated_metadata"])
	assert.Equal(t, "A red door", s.AltText(id))

	long := `{"id":"` + id + `","metadata":{"alt_text":{"text":"` + strings.Repeat("é", 1001) + `"}}}`
	assert.Equal(t, http.StatusBadRequest, apiCall(t, s, http.MethodPost, "/2/media/metadata", tok, long).Status)
	exact := `{"id":"` + id + `","metadata":{"alt_text":{"text":"` + strings.Repeat("é", 1000) + `"}}}`
	assert.Equal(t, http.StatusOK, apiCall(t, s, http.MethodPost, "/2/media/metadata", tok, exact).Status)
	for name, body := range map[string]string{
		"no text":        `{"id":"` + id + `","metadata":{"alt_text":{}}}`,
		"unknown field":  `{"id":"` + id + `","metadata":{"alt_text":{"text":"x"}},"media_id":"1"}`,
		"unknown key":    `{"id":"` + id + `","metadata":{"caption":{"text":"x"}}}`,
		"id not numeric": `{"id":"abc","metadata":{"alt_text":{"text":"x"}}}`,
	} {
		assert.Equal(t, http.StatusBadRequest, apiCall(t, s, http.MethodPost, "/2/media/metadata", tok, body).Status, name)
	}
	assert.Equal(t, http.StatusNotFound, apiCall(t, s, http.MethodPost, "/2/media/metadata", tok, `{"id":"42","metadata":{"alt_text":{"text":"x"}}}`).Status, "unknown id")
	assert.Equal(t, http.StatusNotFound, apiCall(t, s, http.MethodPost, "/2/media/metadata", other, `{"id":"`+id+`","metadata":{"alt_text":{"text":"x"}}}`).Status, "someone else's")
	noMedia, _ := s.IssueTokens(publicID, "alice", "tweet.read", "tweet.write", "users.read")
	assert.Equal(t, http.StatusForbidden, apiCall(t, s, http.MethodPost, "/2/media/metadata", noMedia, `{"id":"`+id+`"}`).Status)
}

func TestProcessingFailure(t *testing.T) {
	s, _ := newFake(t, Options{})
	tok, _ := s.IssueTokens(publicID, "alice", strings.Fields(allScopes)...)
	s.FailProcessing("Unsupported video format")
	id := uploadMedia(t, s, tok, "video/mp4", "tweet_video")
	assert.Equal(t, "in_progress", processingState(t, s, tok, id)["state"])
	info := processingState(t, s, tok, id)
	assert.Equal(t, "failed", info["state"])
	assert.Equal(t, "Unsupported video format", info["error"].(map[string]any)["message"])
	a := apiCall(t, s, http.MethodPost, "/2/tweets", tok, `{"media":{"media_ids":["`+id+`"]}}`)
	assert.Equal(t, http.StatusBadRequest, a.Status, "failed media cannot be attached")

	next := uploadMedia(t, s, tok, "image/gif", "tweet_gif")
	processingState(t, s, tok, next)
	assert.Equal(t, "succeeded", processingState(t, s, tok, next)["state"], "the failure was for one upload")
	img := uploadMedia(t, s, tok, "image/png", "tweet_image")
	a = apiCall(t, s, http.MethodPost, "/2/tweets", tok, `{"media":{"media_ids":["`+next+`","`+img+`"]}}`)
	assert.Equal(t, http.StatusBadRequest, a.Status, "a GIF with an image")
}

func TestReplies(t *testing.T) {
	s, _ := newFake(t, Options{})
	tok, _ := s.IssueTokens(publicID, "alice", strings.Fields(allScopes)...)
	head := apiCall(t, s, http.MethodPost, "/2/tweets", tok, `{"text":"head"}`)
	require.Equal(t, http.StatusCreated, head.Status)
	hid := head.JSON(t)["data"].(map[string]any)["id"].(string)

	a := apiCall(t, s, http.MethodPost, "/2/tweets", tok, `{"text":"reply","reply":{"in_reply_to_tweet_id":"`+hid+`"}}`)
	require.Equal(t, http.StatusCreated, a.Status, string(a.Body))
	a = apiCall(t, s, http.MethodPost, "/2/tweets", tok, `{"text":"r2","reply":{"in_reply_to_tweet_id":"`+hid+`","nope":1}}`)
	assert.Equal(t, http.StatusBadRequest, a.Status, "unknown reply field")
	a = apiCall(t, s, http.MethodPost, "/2/tweets", tok, `{"text":"r3","reply":{"in_reply_to_tweet_id":"x1"}}`)
	assert.Equal(t, http.StatusBadRequest, a.Status)
	a = apiCall(t, s, http.MethodPost, "/2/tweets", tok, `{"text":"r4","reply":{"in_reply_to_tweet_id":"42"}}`)
	assert.Equal(t, http.StatusForbidden, a.Status)
	assert.Equal(t, ReplyRefused, a.JSON(t)["detail"])

	u := s.Tweets("alice")[0].AuthorID
	tl := apiCall(t, s, http.MethodGet, "/2/users/"+u+"/tweets?tweet.fields=created_at,referenced_tweets", tok, "")
	require.Equal(t, http.StatusOK, tl.Status)
	data := tl.JSON(t)["data"].([]any)
	require.Len(t, data, 2)
	assert.Equal(t, []any{map[string]any{"type": "replied_to", "id": hid}}, data[0].(map[string]any)["referenced_tweets"])
	assert.NotContains(t, data[1], "referenced_tweets")
}

func TestDropTweetResponse(t *testing.T) {
	s, _ := newFake(t, Options{})
	tok, _ := s.IssueTokens(publicID, "alice", strings.Fields(allScopes)...)
	s.DropTweetResponse(2)
	require.Equal(t, http.StatusCreated, apiCall(t, s, http.MethodPost, "/2/tweets", tok, `{"text":"one"}`).Status)
	req, err := http.NewRequest(http.MethodPost, s.URL+"/2/tweets", strings.NewReader(`{"text":"two"}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	_, err = http.DefaultClient.Do(req)
	assert.Error(t, err, "the answer is dropped")
	assert.Len(t, s.Tweets("alice"), 2, "but the tweet is stored")
	assert.Equal(t, http.StatusCreated, apiCall(t, s, http.MethodPost, "/2/tweets", tok, `{"text":"three"}`).Status)
}
