package mastodonfake

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testClock is a settable clock.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *testClock {
	return &testClock{now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newFake(t *testing.T, opts Options) *Server {
	t.Helper()
	s := New(opts)
	t.Cleanup(s.Close)
	return s
}

// answer is one HTTP response, decoded.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(a.body, &m), string(a.body))
	return m
}

func (a answer) errorText(t *testing.T) string {
	t.Helper()
	return a.json(t)["error"].(string)
}

// send sends one request; hdr holds extra headers.
func send(t *testing.T, method, u, token string, body io.Reader, ctype string, hdr map[string]string) answer {
	t.Helper()
	req, err := http.NewRequest(method, u, body)
	require.NoError(t, err)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

func postForm(t *testing.T, u, token string, v url.Values, hdr map[string]string) answer {
	t.Helper()
	return send(t, http.MethodPost, u, token, strings.NewReader(v.Encode()), "application/x-www-form-urlencoded", hdr)
}

func get(t *testing.T, u, token string) answer {
	t.Helper()
	return send(t, http.MethodGet, u, token, nil, "", nil)
}

// upload posts a file to /api/v2/media.
func upload(t *testing.T, s *Server, token, mime string, data []byte, description string) answer {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if description != "" {
		require.NoError(t, mw.WriteField("description", description))
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="f"`)
	h.Set("Content-Type", mime)
	part, err := mw.CreatePart(h)
	require.NoError(t, err)
	_, _ = part.Write(data)
	require.NoError(t, mw.Close())
	return send(t, http.MethodPost, s.URL+"/api/v2/media", token, &buf, mw.FormDataContentType(), nil)
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 2, 2))))
	return buf.Bytes()
}

func mp4Bytes() []byte {
	b := []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
	return append(b, make([]byte, 64)...)
}

func uploadID(t *testing.T, s *Server, token, mime string, data []byte) string {
	t.Helper()
	a := upload(t, s, token, mime, data, "")
	require.Contains(t, []int{http.StatusOK, http.StatusAccepted}, a.status, string(a.body))
	return a.json(t)["id"].(string)
}

func postStatus(t *testing.T, s *Server, token string, v url.Values, key string) answer {
	t.Helper()
	hdr := map[string]string{}
	if key != "" {
		hdr["Idempotency-Key"] = key
	}
	return postForm(t, s.URL+"/api/v1/statuses", token, v, hdr)
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
