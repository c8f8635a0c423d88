package blueskyfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// signedIn is a fake with alice signed in.
func signedIn(t *testing.T) (*Server, string, string) {
	t.Helper()
	s, _, pw := newFake(t, Options{})
	a := login(t, s, "alice.test", pw)
	require.Equal(t, http.StatusOK, a.status)
	return s, a.str("accessJwt"), a.str("did")
}

func upload(t *testing.T, s *Server, token, contentType string, data []byte) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL+"/xrpc/com.atproto.repo.uploadBlob", bytes.NewReader(data))
	require.NoError(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	a := answer{status: resp.StatusCode}
	require.NoError(t, json.Unmarshal(raw, &a.body), string(raw))
	return a
}

func create(t *testing.T, s *Server, token, did, rkey, record string) answer {
	t.Helper()
	body := fmt.Sprintf(`{"repo":%q,"collection":"app.bsky.feed.post","rkey":%q,"record":%s}`, did, rkey, record)
	return do(t, s, http.MethodPost, "com.atproto.repo.createRecord", token, body)
}

func post(text, extra string) string {
	b, _ := json.Marshal(text)
	return `{"$type":"app.bsky.feed.post","text":` + string(b) + `,"createdAt":"2026-11-24T10:00:00.000Z"` + extra + `}`
}

func TestCreateRecordRules(t *testing.T) {
	s, token, did := signedIn(t)
	blob := upload(t, s, token, "image/png", []byte("png"))
	require.Equal(t, http.StatusOK, blob.status)
	ref, _ := json.Marshal(blob.body["blob"])
	img := `{"image":` + string(ref) + `,"alt":""}`
	tests := []struct {
		name, record, msg string
	}{
		{"no $type", `{"text":"x","createdAt":"2026-11-24T10:00:00Z"}`, "Invalid $type"},
		{"no text", `{"$type":"app.bsky.feed.post","createdAt":"2026-11-24T10:00:00Z"}`, `property "text"`},
		{"bad createdAt", `{"$type":"app.bsky.feed.post","text":"x","createdAt":"yesterday"}`, "valid atproto datetime"},
		{"301 graphemes", post(strings.Repeat("é", 301), ""), "grapheme too big (maximum 300, got 301) at $.record.text"},
		{"3025 bytes", post(strings.Repeat("👨‍👩‍👧‍👦", 121), ""), "string too big (maximum 3000, got 3025)"},
		{"facet past the end", post("hi #x", `,"facets":[{"index":{"byteStart":3,"byteEnd":6},"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"x"}]}]`), "outside the text"},
		{"empty facet", post("hi #x", `,"facets":[{"index":{"byteStart":3,"byteEnd":3},"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"x"}]}]`), "outside the text"},
		{"mid-rune facet", post("é#x", `,"facets":[{"index":{"byteStart":1,"byteEnd":4},"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"x"}]}]`), "UTF-8"},
		{"tag with #", post("hi #x", `,"facets":[{"index":{"byteStart":3,"byteEnd":5},"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"#x"}]}]`), "without #"},
		{"mention without did", post("hi @b.test", `,"facets":[{"index":{"byteStart":3,"byteEnd":10},"features":[{"$type":"app.bsky.richtext.facet#mention","did":"b.test"}]}]`), "valid did"},
		{"five images", post("x", `,"embed":{"$type":"app.bsky.embed.images","images":[`+strings.Repeat(img+",", 4)+img+`]}`), "more than 4"},
		{"image without alt", post("x", `,"embed":{"$type":"app.bsky.embed.images","images":[{"image":`+string(ref)+`}]}`), `property "alt"`},
		{"unknown blob", post("x", `,"embed":{"$type":"app.bsky.embed.images","images":[{"image":{"ref":{"$link":"bafy"}},"alt":""}]}`), "Could not find blob"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := create(t, s, token, did, "", tc.record)
			assert.Equal(t, http.StatusBadRequest, a.status)
			assert.Equal(t, "InvalidRequest", a.str("error"))
			assert.Contains(t, a.str("message"), tc.msg)
		})
	}
	assert.Equal(t, 0, s.Records(did, "app.bsky.feed.post"))
	ok := create(t, s, token, did, "3n2znbgaxph32", post("four", `,"embed":{"$type":"app.bsky.embed.images","images":[`+strings.Repeat(img+",", 3)+img+`]}`))
	assert.Equal(t, http.StatusOK, ok.status, ok.body)
	assert.Equal(t, "at://"+did+"/app.bsky.feed.post/3n2znbgaxph32", ok.str("uri"))
}

func TestRepoAndBlobs(t *testing.T) {
	s, token, did := signedIn(t)
	assertXRPCError(t, upload(t, s, token, "", []byte("x")), http.StatusBadRequest, "InvalidRequest", "Request encoding (Content-Type) required but not provided")
	text := upload(t, s, token, "text/plain", []byte("x"))
	ref, _ := json.Marshal(text.body["blob"])
	a := create(t, s, token, did, "", post("x", `,"embed":{"$type":"app.bsky.embed.images","images":[{"image":`+string(ref)+`,"alt":""}]}`))
	assert.Contains(t, a.str("message"), "must match image/*")

	assertXRPCError(t, create(t, s, token, "did:plc:other", "", post("x", "")), http.StatusUnauthorized, "AuthenticationRequired", "Authentication Required")
	assertXRPCError(t, create(t, s, token, did, "not-a-tid", post("x", "")), http.StatusBadRequest, "InvalidRequest", "Invalid record key: not-a-tid")
	require.Equal(t, http.StatusOK, create(t, s, token, did, "3n2znbgaxph32", post("x", "")).status)
	assertXRPCError(t, create(t, s, token, did, "3n2znbgaxph32", post("y", "")), http.StatusInternalServerError, "InternalServerError", "Internal Server Error")

	q := "?repo=" + did + "&collection=app.bsky.feed.post&rkey="
	got := do(t, s, http.MethodGet, "com.atproto.repo.getRecord"+q+"3n2znbgaxph32", "", "")
	assert.Equal(t, "x", got.body["value"].(map[string]any)["text"])
	assertXRPCError(t, do(t, s, http.MethodGet, "com.atproto.repo.getRecord"+q+"3n2znbgaxph22", "", ""), http.StatusBadRequest, "RecordNotFound",
		"Could not locate record: at://"+did+"/app.bsky.feed.post/3n2znbgaxph22")

	del := fmt.Sprintf(`{"repo":%q,"collection":"app.bsky.feed.post","rkey":"3n2znbgaxph32"}`, did)
	assert.Equal(t, http.StatusOK, do(t, s, http.MethodPost, "com.atproto.repo.deleteRecord", token, del).status)
	assert.Equal(t, http.StatusOK, do(t, s, http.MethodPost, "com.atproto.repo.deleteRecord", token, del).status, "idempotent")
	assert.Equal(t, 0, s.Records(did, "app.bsky.feed.post"))

	assert.Equal(t, did, do(t, s, http.MethodGet, "com.atproto.identity.resolveHandle?handle=Alice.test", "", "").str("did"))
	assertXRPCError(t, do(t, s, http.MethodGet, "com.atproto.identity.resolveHandle?handle=nobody.test", "", ""), http.StatusBadRequest, "InvalidRequest", "Unable to resolve handle")
}
