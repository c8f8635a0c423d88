package youtube

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/fakekit"
	"webox-social/services/platforms/youtube/youtubefake"
)

const aliceChannel = "UCaliceAAAAAAAAAAAAAAAAA"

// videoSize is three whole 256 KiB chunks and a short last one.
const videoSize = 3*ChunkUnit + 1000

type pubEnv struct {
	t     *testing.T
	fake  *youtubefake.Server
	clock *fakekit.Clock
	dir   string
	token string
	c     *Connector
	n     int
}

// newPubEnv starts a fake (10:00 Pacific time) and a connector with 256 KiB chunks
// and its sessions kept in a temporary directory.
func newPubEnv(t *testing.T, opts youtubefake.Options) *pubEnv {
	t.Helper()
	clock := fakekit.NewClock(time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC))
	opts.Now = clock.Now
	fake := youtubefake.New(opts)
	t.Cleanup(fake.Close)
	e := &pubEnv{t: t, fake: fake, clock: clock, dir: t.TempDir(), token: fake.IssueAccessToken("alice", Scopes...)}
	e.c = e.connector(e.dir)
	return e
}

// connector is a new Connector (as after a restart) keeping its sessions in dir ("" for
// memory only).
func (e *pubEnv) connector(dir string) *Connector {
	return NewConnector(nil, WithBaseURL(e.fake.URL), WithClock(e.clock.Now), WithChunkSize(ChunkUnit), WithSessionDir(dir))
}

// req is a request for text with a new attempt key, started now.
func (e *pubEnv) req(text string, media ...platforms.MediaFile) platforms.Request {
	e.n++
	return platforms.Request{Account: model.Account{Platform: model.YouTube, RemoteID: aliceChannel}, Token: e.token,
		Text: text, Media: media, AttemptKey: fmt.Sprintf("attempt-%d", e.n), StartedAt: e.clock.Now()}
}

// videoFile writes a fake MP4 of size bytes (a pattern that shows misplaced bytes).
func videoFile(t *testing.T, size int) platforms.MediaFile {
	t.Helper()
	data := make([]byte, size)
	for i := range data {
		data[i] = byte(i * 7 / 5)
	}
	path := filepath.Join(t.TempDir(), "holiday clip.mp4")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	return platforms.MediaFile{Path: path, Mime: "video/mp4", Size: int64(size), DurationMS: 4000}
}

func fileBytes(t *testing.T, f platforms.MediaFile) []byte {
	t.Helper()
	b, err := os.ReadFile(f.Path)
	require.NoError(t, err)
	return b
}

// lockedBuffer collects log lines from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// captureLogs sends slog's default logger (Debug and up) to a buffer for the test.
func captureLogs(t *testing.T) *lockedBuffer {
	buf := &lockedBuffer{}
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(old) })
	return buf
}

func TestPublishUploadsInChunks(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	f := videoFile(t, videoSize)
	req := e.req("Holiday in the hills\nThree days of walking.", f)
	req.Options.Tags = []string{"travel", " hills ", ""}

	res, err := e.c.Publish(context.Background(), req)

	require.NoError(t, err)
	vids := e.fake.Videos()
	require.Len(t, vids, 1)
	v := vids[0]
	assert.Equal(t, v.ID, res.PlatformPostID)
	assert.Equal(t, "https://www.youtube.com/watch?v="+v.ID, res.Permalink)
	assert.False(t, res.Scheduled)
	assert.Equal(t, e.clock.Now(), res.PublishedAt)
	assert.Equal(t, fileBytes(t, f), v.Data)
	assert.Equal(t, "Holiday in the hills", v.Title)
	assert.Equal(t, req.Text, v.Description)
	assert.Equal(t, []string{"travel", "hills"}, v.Tags)
	assert.Equal(t, "public", v.Privacy)
	assert.Equal(t, "22", v.CategoryID)
	assert.Equal(t, "video/mp4", v.ContentType)
	assert.Equal(t, 1, e.fake.Calls("insert"))
	assert.Equal(t, 4, e.fake.Calls("upload"), "three 256 KiB chunks and the last 1,000 bytes")
}

func TestPublishOptions(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	req := e.req("", videoFile(t, 1000))
	_, err := e.c.Publish(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, "holiday clip", e.fake.Videos()[0].Title, "no text: the file name")

	req = e.req("First line is not the title", videoFile(t, 1000))
	req.Options.Title, req.Options.Privacy = "  My own title ", "Unlisted"
	_, err = e.c.Publish(context.Background(), req)
	require.NoError(t, err)
	v := e.fake.Videos()[1]
	assert.Equal(t, "My own title", v.Title)
	assert.Equal(t, "unlisted", v.Privacy)
}

func TestVideoTitle(t *testing.T) {
	long := strings.Repeat("word ", 30) // 150 characters
	tests := []struct{ text, want string }{
		{"", ""},
		{"\n\n  Hello there  \nsecond line", "Hello there"},
		{strings.Repeat("é", 100), strings.Repeat("é", 100)},
		{long, strings.TrimSpace(strings.Repeat("word ", 19)) + "…"},
		{strings.Repeat("x", 120), strings.Repeat("x", 99) + "…"},
		{strings.Repeat("ab, ", 30), strings.TrimSuffix(strings.Repeat("ab, ", 24), ", ") + "…"},
	}
	for _, tc := range tests {
		got := VideoTitle(tc.text)
		assert.Equal(t, tc.want, got, tc.text)
		assert.LessOrEqual(t, len([]rune(got)), MaxTitleChars)
	}
}

func TestTagsLength(t *testing.T) {
	assert.Equal(t, 0, TagsLength(nil))
	assert.Equal(t, 3, TagsLength([]string{"abc"}))
	assert.Equal(t, len("abc,def"), TagsLength([]string{"abc", "def"}))
	assert.Equal(t, len(`abc,"d f"`), TagsLength([]string{"abc", "d f"}))
}

func TestPublishRefusesWhatYouTubeWould(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	vid := videoFile(t, 1000)
	img := platforms.MediaFile{Path: "a.jpg", Mime: "image/jpeg"}
	tests := []struct {
		name string
		edit func(*platforms.Request)
		want string
	}{
		{"text only", func(r *platforms.Request) { r.Media = nil }, "YouTube publishes videos: attach one video."},
		{"image only", func(r *platforms.Request) { r.Media = []platforms.MediaFile{img} }, "YouTube publishes videos: attach one video."},
		{"video and image", func(r *platforms.Request) { r.Media = append(r.Media, img) }, "one video per post"},
		{"angle brackets", func(r *platforms.Request) { r.Text = "a <b> c" }, "< or >"},
		{"long description", func(r *platforms.Request) { r.Text = "t\n" + strings.Repeat("é", 2500) }, "5000 bytes"},
		{"long title", func(r *platforms.Request) { r.Options.Title = strings.Repeat("t", 101) }, "101 characters"},
		{"title brackets", func(r *platforms.Request) { r.Options.Title = "<title>" }, "< or >"},
		{"privacy", func(r *platforms.Request) { r.Options.Privacy = "friends" }, `"friends"`},
		{"tags", func(r *platforms.Request) { r.Options.Tags = []string{strings.Repeat("t", 501)} }, "501 characters"},
		{"schedule unlisted", func(r *platforms.Request) {
			r.Options.Privacy, r.ScheduleAt = "unlisted", e.clock.Now().Add(time.Hour)
		}, "makes a video public"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := e.req("A title", vid)
			tc.edit(&req)
			_, err := e.c.Publish(context.Background(), req)
			pe := asPlatformError(t, err)
			assert.Equal(t, platforms.Permanent, pe.Kind)
			assert.ErrorIs(t, err, model.ErrInvalid)
			assert.Contains(t, pe.Message, tc.want)
		})
	}
	assert.Zero(t, e.fake.Calls("insert"), "nothing reached YouTube")
}

func TestResumeAfterDroppedConnection(t *testing.T) {
	logs := captureLogs(t)
	e := newPubEnv(t, youtubefake.Options{})
	f := videoFile(t, videoSize)
	e.fake.DropMidChunk()

	res, err := e.c.Publish(context.Background(), e.req("Resumed upload", f))

	require.NoError(t, err)
	vids := e.fake.Videos()
	require.Len(t, vids, 1, "one video")
	assert.Equal(t, res.PlatformPostID, vids[0].ID)
	assert.Equal(t, fileBytes(t, f), vids[0].Data, "every byte once, in order")
	assert.Equal(t, 1, e.fake.Calls("insert"))
	// The dropped chunk kept half of its bytes; the status query says where to go on.
	// 128 KiB of the first chunk arrived: from there, two whole chunks and the rest.
	assert.Equal(t, 5, e.fake.Calls("upload"), "dropped chunk, status query, then three PUTs from the server's Range")
	out := logs.String()
	assert.Contains(t, out, "asking YouTube where to resume")
	assert.NotContains(t, out, "upload_id", "the session URI is never logged")
	assert.NotContains(t, out, e.token)
}

func TestPublishResumesTheKeptSessionAfterACrash(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	f := videoFile(t, videoSize)
	req := e.req("Crash in the middle", f)
	e.fake.DropMidChunk()
	e.fake.FailNextStatusQueries(1, http.StatusServiceUnavailable)

	_, err := e.c.Publish(context.Background(), req)

	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.False(t, pe.Uncertain, "the last bytes were never sent: no video can exist")
	assert.Empty(t, e.fake.Videos())

	restarted := e.connector(e.dir)
	_, found, err := restarted.Reconcile(context.Background(), req)
	require.NoError(t, err)
	assert.False(t, found, "the session is incomplete")

	res, err := restarted.Publish(context.Background(), req)
	require.NoError(t, err)
	vids := e.fake.Videos()
	require.Len(t, vids, 1)
	assert.Equal(t, res.PlatformPostID, vids[0].ID)
	assert.Equal(t, fileBytes(t, f), vids[0].Data)
	assert.Equal(t, 1, e.fake.Calls("insert"), "the kept session was resumed, not a new one started")
}

// loseFinalAnswer publishes req with the completing PUT applied but its answer lost
// and the status query after it failing, as if the app died there.
func loseFinalAnswer(t *testing.T, e *pubEnv, req platforms.Request) {
	t.Helper()
	e.fake.DropNextCompletionResponse()
	e.fake.FailNextStatusQueries(1, http.StatusServiceUnavailable)
	_, err := e.c.Publish(context.Background(), req)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.True(t, pe.Uncertain, "the last bytes went out: the video may exist")
	require.Len(t, e.fake.Videos(), 1, "YouTube made the video")
}

func TestKilledMidFlightReconcileProbesTheSession(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	req := e.req("The answer was lost", videoFile(t, videoSize))
	loseFinalAnswer(t, e, req)
	id := e.fake.Videos()[0].ID

	restarted := e.connector(e.dir)
	res, found, err := restarted.Reconcile(context.Background(), req)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, id, res.PlatformPostID)
	assert.Equal(t, Permalink(id), res.Permalink)

	again, err := restarted.Publish(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, id, again.PlatformPostID, "a retry returns the same video")
	assert.Len(t, e.fake.Videos(), 1, "no duplicate")
	assert.Equal(t, 1, e.fake.Calls("insert"))
}

func TestKilledMidFlightReconcileReadsBackUploads(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	req := e.req("Nothing was kept", videoFile(t, videoSize))
	loseFinalAnswer(t, e, req)
	id := e.fake.Videos()[0].ID

	noSessions := e.connector(t.TempDir()) // the session file was lost
	res, found, err := noSessions.Reconcile(context.Background(), req)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, id, res.PlatformPostID)
	assert.Len(t, e.fake.Videos(), 1)
}

func TestReconcileWithoutUpload(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	old := e.req("Same title", videoFile(t, 1000))
	_, err := e.c.Publish(context.Background(), old)
	require.NoError(t, err)

	e.clock.Advance(time.Hour)
	e.token = e.fake.IssueAccessToken("alice", Scopes...)
	req := e.req("Same title", videoFile(t, 1000))
	_, found, err := e.c.Reconcile(context.Background(), req)
	require.NoError(t, err)
	assert.False(t, found, "a video older than the attempt is not it")

	e.fake.FailNext(1, http.StatusServiceUnavailable)
	_, found, err = e.c.Reconcile(context.Background(), req)
	assert.False(t, found)
	assert.Equal(t, platforms.Transient, asPlatformError(t, err).Kind, "unknowable: an error")
}

func TestReconcileReadsBackSeveralPages(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	req := e.req("The wanted one", videoFile(t, 1000))
	_, err := e.connector("").Publish(context.Background(), req)
	require.NoError(t, err)
	for i := range readBackPage + 5 {
		_, err := e.c.Publish(context.Background(), e.req(fmt.Sprintf("Later %d", i), videoFile(t, 1000)))
		require.NoError(t, err)
	}
	res, found, err := e.connector("").Reconcile(context.Background(), req)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, e.fake.Videos()[0].ID, res.PlatformPostID)
}

func TestSessionFileIsPrivate(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	_, err := e.c.Publish(context.Background(), e.req("Kept", videoFile(t, 1000)))
	require.NoError(t, err)
	st, err := os.Stat(filepath.Join(e.dir, SessionFile))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	b, err := os.ReadFile(filepath.Join(e.dir, SessionFile))
	require.NoError(t, err)
	assert.Contains(t, string(b), `"attempt-1"`)
	assert.Contains(t, string(b), e.fake.Videos()[0].ID, "the finished upload is recorded")
}

func TestScheduleAndConfirm(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	req := e.req("Goes out tonight", videoFile(t, 1000))
	req.ScheduleAt = e.clock.Now().Add(2 * time.Hour).Truncate(time.Second)
	req.Options.Native = true

	res, err := e.c.Publish(context.Background(), req)

	require.NoError(t, err)
	assert.True(t, res.Scheduled)
	assert.Equal(t, req.ScheduleAt, res.PublishedAt)
	v := e.fake.Videos()[0]
	assert.Equal(t, "private", v.Privacy)
	assert.True(t, req.ScheduleAt.Equal(v.PublishAt))

	_, published, err := e.c.Confirm(context.Background(), req, res.PlatformPostID)
	require.NoError(t, err)
	assert.False(t, published, "publishAt is still ahead")

	e.clock.Advance(3 * time.Hour)
	req.Token = e.fake.IssueAccessToken("alice", Scopes...)
	got, published, err := e.c.Confirm(context.Background(), req, res.PlatformPostID)
	require.NoError(t, err)
	assert.True(t, published)
	assert.Equal(t, res.PlatformPostID, got.PlatformPostID)
	assert.Equal(t, Permalink(res.PlatformPostID), got.Permalink)

	require.NoError(t, e.c.Delete(context.Background(), req.Account, req.Token, res.PlatformPostID))
	_, _, err = e.c.Confirm(context.Background(), req, res.PlatformPostID)
	assert.Equal(t, platforms.Permanent, asPlatformError(t, err).Kind)
	assert.ErrorIs(t, err, model.ErrNotFound)
}

func TestConfirmRejectedUpload(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	req := e.req("Rejected later", videoFile(t, 1000))
	req.ScheduleAt = e.clock.Now().Add(time.Hour)
	res, err := e.c.Publish(context.Background(), req)
	require.NoError(t, err)
	e.fake.SetUploadStatus(res.PlatformPostID, "rejected")
	_, _, err = e.c.Confirm(context.Background(), req, res.PlatformPostID)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "rejected (duplicate)")
}

func TestNativeWindow(t *testing.T) {
	var ns platforms.NativeScheduler = NewConnector(nil)
	lo, hi := ns.NativeWindow()
	assert.Equal(t, 15*time.Minute, lo)
	assert.Equal(t, 365*24*time.Hour, hi)
}

func TestUnverifiedProjectLocksToPrivate(t *testing.T) {
	logs := captureLogs(t)
	e := newPubEnv(t, youtubefake.Options{})
	e.fake.SetUnverified(true)

	res, err := e.c.Publish(context.Background(), e.req("Meant to be public", videoFile(t, 1000)))

	require.NoError(t, err, "the video exists: the publish succeeded")
	assert.Equal(t, Permalink(e.fake.Videos()[0].ID), res.Permalink)
	assert.Equal(t, "private", e.fake.Videos()[0].Privacy)
	assert.Contains(t, logs.String(), "kept the video private")

	req := e.req("Meant to be scheduled", videoFile(t, 1000))
	req.ScheduleAt = e.clock.Now().Add(time.Hour)
	res, err = e.c.Publish(context.Background(), req)
	require.NoError(t, err)
	_, _, err = e.c.Confirm(context.Background(), req, res.PlatformPostID)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "audit")
}

func TestPublishErrors(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	vid := videoFile(t, 1000)

	bad := e.req("x", vid)
	bad.Token = "ya29.nope"
	_, err := e.c.Publish(context.Background(), bad)
	assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind)

	readOnly := e.req("x", vid)
	readOnly.Token = e.fake.IssueAccessToken("alice", ScopeReadOnly)
	_, err = e.c.Publish(context.Background(), readOnly)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "youtube.upload")

	e.fake.FailNext(1, http.StatusServiceUnavailable)
	_, err = e.c.Publish(context.Background(), e.req("x", vid))
	pe = asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.False(t, pe.Uncertain, "no session was opened")
	assert.Empty(t, e.fake.Videos())
}

func TestChannelUploadLimit(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{ChannelUploadLimit: 1})
	_, err := e.c.Publish(context.Background(), e.req("first", videoFile(t, 1000)))
	require.NoError(t, err)
	_, err = e.c.Publish(context.Background(), e.req("second", videoFile(t, 1000)))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Equal(t, "uploadLimitExceeded", pe.Code)
	assert.Contains(t, pe.Message, "limit of uploads for the past 24 hours")
}

func TestDailyUploadQuota(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{UploadQuota: 1})
	_, err := e.c.Publish(context.Background(), e.req("first", videoFile(t, 1000)))
	require.NoError(t, err)
	_, err = e.c.Publish(context.Background(), e.req("second", videoFile(t, 1000)))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.Equal(t, "quotaExceeded", pe.Code)
	assert.Contains(t, pe.Message, "daily YouTube upload quota")
	assert.NotContains(t, pe.Message, "<a href")
	assert.Equal(t, time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC), pe.RetryAt.UTC(), "midnight Pacific (UTC−8 in November)")

	e.clock.Advance(14 * time.Hour) // past midnight Pacific
	e.token = e.fake.IssueAccessToken("alice", Scopes...)
	_, err = e.c.Publish(context.Background(), e.req("third", videoFile(t, 1000)))
	require.NoError(t, err, "the quota was reset")
}

func TestNextQuotaReset(t *testing.T) {
	summer := time.Date(2026, 7, 1, 6, 59, 0, 0, time.UTC) // 23:59 PDT on June 30
	assert.Equal(t, time.Date(2026, 7, 1, 7, 0, 0, 0, time.UTC), NextQuotaReset(summer).UTC())
}

func TestDelete(t *testing.T) {
	e := newPubEnv(t, youtubefake.Options{})
	res, err := e.c.Publish(context.Background(), e.req("Short-lived", videoFile(t, 1000)))
	require.NoError(t, err)
	acct := model.Account{Platform: model.YouTube, RemoteID: aliceChannel}

	uploadOnly := e.fake.IssueAccessToken("alice", ScopeUpload, ScopeReadOnly)
	err = e.c.Delete(context.Background(), acct, uploadOnly, res.PlatformPostID)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "youtube.force-ssl")

	require.NoError(t, e.c.Delete(context.Background(), acct, e.token, res.PlatformPostID))
	require.NoError(t, e.c.Delete(context.Background(), acct, e.token, res.PlatformPostID), "already gone is fine")
	assert.True(t, e.fake.Videos()[0].Deleted)
}

func TestWithChunkSize(t *testing.T) {
	tests := []struct{ in, want int64 }{{1, ChunkUnit}, {ChunkUnit*3 + 5, ChunkUnit * 3}, {DefaultChunkSize, DefaultChunkSize}}
	for _, tc := range tests {
		assert.Equal(t, tc.want, NewConnector(nil, WithChunkSize(tc.in)).a.chunkSize)
	}
	assert.Equal(t, int64(DefaultChunkSize), NewConnector(nil).a.chunkSize)
}
