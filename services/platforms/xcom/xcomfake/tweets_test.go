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
