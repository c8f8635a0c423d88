package localapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// apiSchemas compiles the served OpenAPI document's component schemas with a JSON
// Schema 2020-12 validator, so answers can be checked against what the document says.
type apiSchemas struct {
	t *testing.T
	c *jsonschema.Compiler
}

func newAPISchemas(t *testing.T) *apiSchemas {
	t.Helper()
	raw, err := json.Marshal(openAPIDoc())
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	require.NoError(t, c.AddResource("mem://openapi.json", doc))
	return &apiSchemas{t: t, c: c}
}

// check validates a JSON document against the named component schema.
func (a *apiSchemas) check(name string, body []byte) {
	a.t.Helper()
	sch, err := a.c.Compile("mem://openapi.json#/components/schemas/" + name)
	require.NoError(a.t, err, name)
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	require.NoError(a.t, err, "%s: %s", name, body)
	assert.NoError(a.t, sch.Validate(v), "%s does not match its schema: %s", name, body)
}

func TestOpenAPIDescribesEveryBodyAndAnswer(t *testing.T) {
	doc := openAPIDoc()
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	raw, err := json.Marshal(doc)
	require.NoError(t, err)
	for _, ref := range strings.Split(string(raw), `"$ref":"`)[1:] {
		name := strings.TrimPrefix(ref[:strings.Index(ref, `"`)], "#/components/schemas/")
		assert.Contains(t, schemas, name, "every reference resolves")
	}
	for _, rt := range routes() {
		op := doc["paths"].(map[string]map[string]any)[rt.path][strings.ToLower(rt.method)].(map[string]any)
		if rt.method == http.MethodPost || rt.method == http.MethodPut {
			if rt.in == nil {
				assert.NotContains(t, op, "requestBody", rt.pattern())
			} else {
				assert.Contains(t, op, "requestBody", rt.pattern())
			}
		}
	}
	post := schemas["Post"].(map[string]any)["properties"].(map[string]any)
	for _, field := range []string{"content", "platforms", "hashtags", "scheduled_time", "status", "published_at", "error_message"} {
		assert.Contains(t, post, field, "the seed's scheduled_posts field %s", field)
	}
}

func TestRealAnswersMatchTheOpenAPISchemas(t *testing.T) {
	r := newRealRig(t)
	a := newAPISchemas(t)
	get := func(path string) []byte {
		t.Helper()
		status, body := r.send(t, r.request(t, "GET", path, nil))
		require.Equal(t, http.StatusOK, status, "%s: %s", path, body)
		return body
	}
	a.check("AccountsOut", get("/api/social/accounts"))
	newPost := map[string]any{"content": "Schema check", "account_ids": []int64{r.account.ID},
		"scheduled_time": "2030-05-01T09:00:00+02:00", "zone": "Europe/Paris"}
	body, _ := json.Marshal(newPost)
	a.check("PostInput", body)
	status, created := r.send(t, r.request(t, "POST", "/api/social/posts", newPost))
	require.Equal(t, http.StatusCreated, status, string(created))
	a.check("Post", created)
	a.check("PostsOut", get("/api/social/posts"))
	for path, name := range map[string]string{
		"/api/social/stats/overview": "Overview", "/api/social/stats/engagement": "EngagementOut",
		"/api/social/stats/growth": "GrowthOut", "/api/social/stats/best-posts": "BestPostsOut",
		"/api/social/stats/mastodon": "NetworkStats",
	} {
		a.check(name, get(path+"?period=7d"))
	}
	for path, in := range map[string]struct {
		name string
		body any
	}{
		"/api/social/generate/hashtags": {"HashtagsOut", map[string]any{"content": "Fresh bread", "platform": "mastodon"}},
		"/api/social/suggest/times":     {"TimesOut", map[string]any{"account_ids": []int64{r.account.ID}}},
		"/api/social/analyze/content":   {"AnalysisOut", map[string]any{"content": "Hi", "account_ids": []int64{r.account.ID}}},
	} {
		status, out := r.send(t, r.request(t, "POST", path, in.body))
		require.Equal(t, http.StatusOK, status, "%s: %s", path, out)
		a.check(in.name, out)
	}
	status, started := r.send(t, r.request(t, "GET", "/api/social/connect/mastodon?instance_url="+r.fake.URL, nil))
	require.Equal(t, http.StatusAccepted, status, string(started))
	a.check("ConnectionJSON", started)
	_, missing := r.send(t, r.request(t, "GET", "/api/social/posts/999999", nil))
	a.check("Error", missing)
}
