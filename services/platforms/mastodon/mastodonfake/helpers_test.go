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
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"webox-social/services/platforms/fakekit"
)

type testClock = fakekit.Clock

func newClock() *testClock {
	return fakekit.NewClock(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
}

func newFake(t *testing.T, opts Options) *Server {
	t.Helper()
	s := New(opts)
	t.Cleanup(s.Close)
	return s
}

// answer is one HTTP response, decoded.
// answer is a fake's answer, with this package's readers of its error shapes.
type answer struct{ fakekit.Answer }

func (a answer) errorText(t *testing.T) string {
	t.Helper()
	return a.JSON(t)["error"].(string)
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
	return answer{fakekit.Do(t, req)}
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
	require.Contains(t, []int{http.StatusOK, http.StatusAccepted}, a.Status, string(a.Body))
	return a.JSON(t)["id"].(string)
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
