package mediahost_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rclone/gofakes3"
	"github.com/rclone/gofakes3/s3mem"
	"github.com/rclone/gofakes3/signature"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/mediahost"
	"webox-social/services/model"
	"webox-social/services/platforms"
)

const (
	bucket    = "webox-media"
	accessKey = "WEBOXTESTKEY"
	secret    = "s3cr3t-Kq7v9ZpL2xN4wR8tY1uI0oP" // what the keychain would hand over
)

// clockOffset moves the S3 server's clock forward, so a test can check that a presigned URL
// stops working after its lifetime without waiting for it.
var clockOffset atomic.Int64

func TestMain(m *testing.M) {
	// Set once before any server runs: the server reads it on every signed request.
	signature.TimeNow = func() time.Time { return time.Now().Add(time.Duration(clockOffset.Load())) }
	os.Exit(m.Run())
}

// s3Server is a real S3 server (gofakes3, with SigV4 checking of headers and presigned
// URLs) on 127.0.0.1, stopped when the test ends.
type s3Server struct {
	URL     string
	backend *s3mem.Backend
}

func startS3(t *testing.T) *s3Server {
	t.Helper()
	backend := s3mem.New()
	require.NoError(t, backend.CreateBucket(context.Background(), bucket))
	faker := gofakes3.New(backend,
		gofakes3.WithV4Auth(map[string]string{accessKey: secret}),
		gofakes3.WithLogger(gofakes3.DiscardLog()))
	srv := httptest.NewServer(faker.Server())
	t.Cleanup(srv.Close)
	require.Contains(t, srv.URL, "127.0.0.1")
	return &s3Server{URL: srv.URL, backend: backend}
}

func (s *s3Server) config() mediahost.Config {
	return mediahost.Config{
		Endpoint:        s.URL,
		Region:          "us-east-1",
		Bucket:          bucket,
		AccessKeyID:     accessKey,
		SecretAccessKey: secret,
		PathStyle:       true,
		Prefix:          "webox/",
	}
}

// objects lists the keys in the bucket, straight from the server's storage.
func (s *s3Server) objects(t *testing.T) []string {
	t.Helper()
	list, err := s.backend.ListBucket(context.Background(), bucket, nil, gofakes3.ListBucketPage{})
	require.NoError(t, err)
	keys := make([]string, 0, len(list.Contents))
	for _, c := range list.Contents {
		keys = append(keys, c.Key)
	}
	return keys
}

func newHost(t *testing.T, cfg mediahost.Config) *mediahost.S3 {
	t.Helper()
	h, err := mediahost.New(cfg)
	require.NoError(t, err)
	return h
}

func mediaFile(t *testing.T, name, mime string, size int) (platforms.MediaFile, []byte) {
	t.Helper()
	data := make([]byte, size)
	_, _ = rand.Read(data)
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, data, 0o600))
	return platforms.MediaFile{Path: path, Mime: mime, Size: int64(size)}, data
}

func get(t *testing.T, link string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(link)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, body
}

// assertNoSecret checks that neither the log text nor the user sentence of err leaks a secret.
func assertNoSecret(t *testing.T, err error, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		assert.NotContains(t, err.Error(), s)
		assert.NotContains(t, mediahost.Sentence(err), s)
	}
}

func TestShareServesExactBytesAndContentType(t *testing.T) {
	srv := startS3(t)
	host := newHost(t, srv.config())
	f, data := mediaFile(t, "Holiday Photo.PNG", "image/png", 300<<10)

	link, remove, err := host.Share(context.Background(), f)
	require.NoError(t, err)
	t.Cleanup(func() { _ = remove(context.Background()) })

	resp, body := get(t, link)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	assert.True(t, bytes.Equal(data, body), "the link must serve exactly the uploaded bytes")
	assert.Equal(t, "image/png", resp.Header.Get("Content-Type"))

	u, err := url.Parse(link)
	require.NoError(t, err)
	assert.Regexp(t, regexp.MustCompile(`^/`+bucket+`/webox/[0-9a-f]{32}\.png$`), u.Path,
		"key = prefix + 128 random bits + the original extension; the file name is not disclosed")
	assert.Equal(t, []string{u.Path[len("/"+bucket+"/"):]}, srv.objects(t))
}

func TestIPEndpointUsesPathStyle(t *testing.T) {
	srv := startS3(t)
	cfg := srv.config()
	cfg.PathStyle = false // bucket.127.0.0.1 cannot resolve: path style is taken anyway
	cfg.Prefix = ""
	link, _, err := newHost(t, cfg).Share(context.Background(), mustFile(t))
	require.NoError(t, err)
	assert.Regexp(t, `^/`+bucket+`/[0-9a-f]{32}\.png$`, mustPath(t, link))
}

func mustFile(t *testing.T) platforms.MediaFile {
	t.Helper()
	f, _ := mediaFile(t, "a.png", "image/png", 16)
	return f
}

func TestShareUsesFreshKeysAndGuessesContentType(t *testing.T) {
	srv := startS3(t)
	host := newHost(t, srv.config())
	f, _ := mediaFile(t, "clip.mp4", "", 1024)

	first, _, err := host.Share(context.Background(), f)
	require.NoError(t, err)
	second, _, err := host.Share(context.Background(), f)
	require.NoError(t, err)

	assert.NotEqual(t, mustPath(t, first), mustPath(t, second), "every share gets its own key")
	resp, _ := get(t, second)
	assert.Equal(t, "video/mp4", resp.Header.Get("Content-Type"), "Content-Type from the extension when Mime is empty")
	assert.Len(t, srv.objects(t), 2)
}

func mustPath(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	require.NoError(t, err)
	return u.Path
}

func TestShareURLExpiresAfterTTL(t *testing.T) {
	srv := startS3(t)
	cfg := srv.config()
	cfg.URLTTL = 10 * time.Minute
	host := newHost(t, cfg)
	f, _ := mediaFile(t, "a.jpg", "image/jpeg", 2048)

	link, remove, err := host.Share(context.Background(), f)
	require.NoError(t, err)
	t.Cleanup(func() { _ = remove(context.Background()) })

	u, err := url.Parse(link)
	require.NoError(t, err)
	assert.Equal(t, "600", u.Query().Get("X-Amz-Expires"))
	resp, _ := get(t, link)
	require.Equal(t, http.StatusOK, resp.StatusCode)

	clockOffset.Store(int64(cfg.URLTTL + time.Second))
	t.Cleanup(func() { clockOffset.Store(0) })
	resp, body := get(t, link)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Contains(t, string(body), "Request has expired")
}

func TestDefaultURLTTLIsOneHour(t *testing.T) {
	srv := startS3(t)
	cfg := srv.config()
	cfg.URLTTL = 0
	host := newHost(t, cfg)
	f, _ := mediaFile(t, "a.jpg", "image/jpeg", 16)

	link, _, err := host.Share(context.Background(), f)
	require.NoError(t, err)
	u, err := url.Parse(link)
	require.NoError(t, err)
	assert.Equal(t, "3600", u.Query().Get("X-Amz-Expires"))
}

func TestRemoveDeletesTheObject(t *testing.T) {
	srv := startS3(t)
	host := newHost(t, srv.config())
	f, _ := mediaFile(t, "a.webp", "image/webp", 4096)

	link, remove, err := host.Share(context.Background(), f)
	require.NoError(t, err)
	require.NoError(t, remove(context.Background()))

	resp, body := get(t, link)
	assert.Contains(t, []int{http.StatusNotFound, http.StatusForbidden}, resp.StatusCode, string(body))
	assert.Empty(t, srv.objects(t))
	assert.NoError(t, remove(context.Background()), "removing twice is harmless")
}

func TestWrongSecretIsAClearSentence(t *testing.T) {
	srv := startS3(t)
	cfg := srv.config()
	wrong := "wrong-Secret-9f8e7d6c5b4a"
	cfg.SecretAccessKey = wrong
	host := newHost(t, cfg)
	f, _ := mediaFile(t, "a.png", "image/png", 64)

	_, _, err := host.Share(context.Background(), f)
	require.Error(t, err)
	assert.ErrorIs(t, err, model.ErrUnauthorized)
	sentence := mediahost.Sentence(err)
	assert.Contains(t, sentence, "The bucket answered: The request signature we calculated does not match")
	assert.Contains(t, sentence, "(SignatureDoesNotMatch)")
	assert.Contains(t, sentence, "Check the secret access key.")
	assert.Contains(t, err.Error(), "mediahost: upload: ")
	assertNoSecret(t, err, wrong, secret)
	assert.Empty(t, srv.objects(t))

	err = host.Test(context.Background())
	require.Error(t, err)
	assert.Contains(t, mediahost.Sentence(err), "Check the secret access key.")
	assertNoSecret(t, err, wrong, secret)
}

func TestWrongAccessKeyAndBucket(t *testing.T) {
	srv := startS3(t)
	tests := []struct {
		name   string
		edit   func(*mediahost.Config)
		want   string
		wantIs error
	}{
		{"unknown access key", func(c *mediahost.Config) { c.AccessKeyID = "NOSUCHKEY" }, "Check the access key ID.", model.ErrUnauthorized},
		{"no such bucket", func(c *mediahost.Config) { c.Bucket = "not-there" }, "Check the bucket name.", model.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := srv.config()
			tt.edit(&cfg)
			err := newHost(t, cfg).Test(context.Background())
			require.Error(t, err)
			assert.Contains(t, mediahost.Sentence(err), "The bucket answered: ")
			assert.Contains(t, mediahost.Sentence(err), tt.want)
			assert.ErrorIs(t, err, tt.wantIs)
			assertNoSecret(t, err, secret)
		})
	}
}

func TestTestChecksTheSettingsAndCleansUp(t *testing.T) {
	srv := startS3(t)
	host := newHost(t, srv.config())

	require.NoError(t, host.Test(context.Background()))
	assert.Empty(t, srv.objects(t), "the check object is deleted")
}

func TestTestReportsALinkThatDoesNotWork(t *testing.T) {
	srv := startS3(t)
	cfg := srv.config()
	cfg.URLTTL = time.Second
	host := newHost(t, cfg)
	// Five seconds ahead: signed requests are still within the allowed clock skew, but a
	// link valid for one second has expired.
	clockOffset.Store(int64(5 * time.Second))
	t.Cleanup(func() { clockOffset.Store(0) })

	err := host.Test(context.Background())
	require.Error(t, err)
	assert.Contains(t, mediahost.Sentence(err), "The upload worked, but the shared link did not: Request has expired")
	assert.ErrorIs(t, err, model.ErrUnauthorized)
	assert.Empty(t, srv.objects(t), "the check object is deleted even when the link failed")
	assertNoSecret(t, err, secret)
}

func TestUnreachableEndpoint(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	endpoint := "http://" + ln.Addr().String()
	require.NoError(t, ln.Close()) // nothing listens there any more

	cfg := mediahost.Config{Endpoint: endpoint, Bucket: bucket, AccessKeyID: accessKey, SecretAccessKey: secret, PathStyle: true}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = newHost(t, cfg).Test(ctx)
	require.Error(t, err)
	assert.Contains(t, mediahost.Sentence(err), "Could not reach the bucket at "+endpoint+": ")
	assert.Contains(t, mediahost.Sentence(err), "connection refused")
	var herr *mediahost.Error
	require.ErrorAs(t, err, &herr)
	assert.True(t, herr.Temporary())
	assertNoSecret(t, err, secret)
}

func TestShareMissingFile(t *testing.T) {
	srv := startS3(t)
	_, _, err := newHost(t, srv.config()).Share(context.Background(),
		platforms.MediaFile{Path: filepath.Join(t.TempDir(), "gone.png"), Mime: "image/png"})
	require.ErrorIs(t, err, os.ErrNotExist)
	assert.Empty(t, srv.objects(t))
}

func TestValidate(t *testing.T) {
	good := mediahost.Config{
		Endpoint: "https://abc.r2.cloudflarestorage.com", Region: "auto", Bucket: "media",
		AccessKeyID: "id", SecretAccessKey: secret,
	}
	tests := []struct {
		name string
		edit func(*mediahost.Config)
		want string // "" means valid
	}{
		{"good", func(*mediahost.Config) {}, ""},
		{"AWS without endpoint", func(c *mediahost.Config) { c.Endpoint = "" }, ""},
		{"endpoint with slash", func(c *mediahost.Config) { c.Endpoint += "/" }, ""},
		{"no bucket", func(c *mediahost.Config) { c.Bucket = "" }, "The bucket name is empty."},
		{"short bucket", func(c *mediahost.Config) { c.Bucket = "ab" }, "must be 3 to 63 characters"},
		{"bucket with slash", func(c *mediahost.Config) { c.Bucket = "media/photos" }, "may only contain"},
		{"no scheme", func(c *mediahost.Config) { c.Endpoint = "s3.example.com" }, "is not a web address"},
		{"ftp scheme", func(c *mediahost.Config) { c.Endpoint = "ftp://s3.example.com" }, "is not a web address"},
		{"not a URL", func(c *mediahost.Config) { c.Endpoint = "http://[::1" }, "is not a web address"},
		{"bucket in path", func(c *mediahost.Config) { c.Endpoint = "https://s3.example.com/media" }, "without a path"},
		{"password in endpoint", func(c *mediahost.Config) { c.Endpoint = "https://id:" + secret + "@s3.example.com" }, "without a path, query or password"},
		{"secret pasted as bucket", func(c *mediahost.Config) { c.Bucket = secret + "/" }, "may only contain"},
		{"no access key", func(c *mediahost.Config) { c.AccessKeyID = " " }, "The access key ID is empty."},
		{"no secret", func(c *mediahost.Config) { c.SecretAccessKey = "" }, "The secret access key is empty."},
		{"bad region", func(c *mediahost.Config) { c.Region = "eu west" }, "is not a region name"},
		{"negative TTL", func(c *mediahost.Config) { c.URLTTL = -time.Second }, "link lifetime"},
		{"TTL too long", func(c *mediahost.Config) { c.URLTTL = 8 * 24 * time.Hour }, "link lifetime"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.edit(&cfg)
			err := mediahost.Validate(cfg)
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, model.ErrInvalid)
			assert.Contains(t, mediahost.Sentence(err), tt.want)
			assertNoSecret(t, err, secret)
			_, err = mediahost.New(cfg)
			assert.ErrorIs(t, err, model.ErrInvalid, "New validates too")
		})
	}
}
