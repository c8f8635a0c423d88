package app_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
)

// avatarServer serves a PNG at /a.png and /b.png, a 3 MiB body at /big and /big-declared
// (the latter with its Content-Length), and HTML at /page and, declared as PNG, at /liar;
// hits counts the PNG requests.
func avatarServer(t *testing.T) (*httptest.Server, *atomic.Int64, []byte) {
	t.Helper()
	pic := pngBytes(t)
	var hits atomic.Int64
	mux := http.NewServeMux()
	servePNG := func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(pic)
	}
	mux.HandleFunc("/a.png", servePNG)
	mux.HandleFunc("/b.png", servePNG)
	big := append(append([]byte(nil), pic...), make([]byte, 3<<20)...)
	mux.HandleFunc("/big", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		for i := 0; i < len(big); i += 64 << 10 {
			_, _ = w.Write(big[i:min(i+64<<10, len(big))])
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/big-declared", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Header().Set("Content-Length", strconv.Itoa(len(big)))
		_, _ = w.Write(big)
	})
	page := []byte("<!doctype html><html><body>Sign in</body></html>")
	mux.HandleFunc("/page", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(page)
	})
	mux.HandleFunc("/liar", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png") // the bytes are HTML
		_, _ = w.Write(page)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &hits, pic
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.NRGBA{R: 0xFF, A: 0xFF})
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, img))
	return buf.Bytes()
}

// avatarFiles lists the names in the avatars cache folder.
func avatarFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, "avatars"))
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestAvatarIsDownloadedOnceThenCached(t *testing.T) {
	r := newRig(t)
	srv, hits, pic := avatarServer(t)
	acct := model.Account{ID: 7, AvatarURL: srv.URL + "/a.png"}

	for range 2 {
		got, err := r.core.Avatar(t.Context(), acct)
		require.NoError(t, err)
		assert.Equal(t, pic, got)
	}
	assert.Equal(t, int64(1), hits.Load(), "the second call is served from the cache")
	names := avatarFiles(t, r.dir)
	require.Len(t, names, 1)
	assert.Regexp(t, `^7-[0-9a-f]{16}$`, names[0])
	dirInfo, err := os.Stat(filepath.Join(r.dir, "avatars"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), dirInfo.Mode().Perm())
	fileInfo, err := os.Stat(filepath.Join(r.dir, "avatars", names[0]))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fileInfo.Mode().Perm())
}

func TestAvatarURLChangeReplacesTheCachedFile(t *testing.T) {
	r := newRig(t)
	srv, hits, _ := avatarServer(t)
	other := model.Account{ID: 71, AvatarURL: srv.URL + "/a.png"} // "71-" must not be taken for "7-"
	_, err := r.core.Avatar(t.Context(), other)
	require.NoError(t, err)
	acct := model.Account{ID: 7, AvatarURL: srv.URL + "/a.png"}
	_, err = r.core.Avatar(t.Context(), acct)
	require.NoError(t, err)
	before := avatarFiles(t, r.dir)
	require.Len(t, before, 2)

	acct.AvatarURL = srv.URL + "/b.png"
	_, err = r.core.Avatar(t.Context(), acct)
	require.NoError(t, err)

	after := avatarFiles(t, r.dir)
	assert.Len(t, after, 2, "one file per account")
	assert.Equal(t, int64(3), hits.Load())
	for _, name := range before {
		if strings.HasPrefix(name, "71-") {
			assert.Contains(t, after, name, "account 71's file stays")
		} else {
			assert.NotContains(t, after, name, "account 7's old file is gone")
		}
	}
}

func TestAvatarRefusesWhatIsNotASmallImage(t *testing.T) {
	r := newRig(t)
	srv, _, _ := avatarServer(t)
	cases := map[string]struct{ url, want string }{
		"oversize streamed": {srv.URL + "/big", "larger than 2 MiB"},
		"oversize declared": {srv.URL + "/big-declared", "larger than 2 MiB"},
		"not an image":      {srv.URL + "/page", "not a PNG, JPEG, GIF or WebP"},
		"declared PNG":      {srv.URL + "/liar", "cannot be decoded"},
		"not http":          {"file:///etc/passwd", "not an http or https URL"},
		"HTTP error":        {srv.URL + "/missing", "HTTP 404"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := r.core.Avatar(t.Context(), model.Account{ID: 9, AvatarURL: tc.url})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), "avatar of account 9")
		})
	}
	_, err := os.Stat(filepath.Join(r.dir, "avatars"))
	assert.ErrorIs(t, err, os.ErrNotExist, "nothing refused is cached")
}

func TestAvatarWithoutURLIsNotFound(t *testing.T) {
	r := newRig(t)
	_, err := r.core.Avatar(t.Context(), model.Account{ID: 3})
	assert.ErrorIs(t, err, model.ErrNotFound)
}
