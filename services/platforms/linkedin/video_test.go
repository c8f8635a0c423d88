package linkedin

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/platforms"
	"webox-social/services/platforms/linkedin/linkedinfake"
)

// videoFile writes an n-byte stand-in for an MP4 holding the digits 0..9 repeated.
func videoFile(t *testing.T, n int) platforms.MediaFile {
	t.Helper()
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + i%10)
	}
	p := filepath.Join(t.TempDir(), "clip"+strconv.Itoa(n)+".mp4")
	require.NoError(t, os.WriteFile(p, b, 0o600))
	return platforms.MediaFile{Path: p, Mime: "video/mp4", Size: int64(n)}
}

func imageFile(t *testing.T, name, alt string) platforms.MediaFile {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte("png:"+name), 0o600))
	return platforms.MediaFile{Path: p, Mime: "image/png", AltText: alt}
}

func TestPublishVideoInParts(t *testing.T) {
	e, c, tok := publishEnvWith(t, linkedinfake.Options{VideoPart: 4, VideoReads: 3})
	req := memberReq(tok, "a short film")
	req.Media = []platforms.MediaFile{videoFile(t, 10)}
	req.Options.Title = "Film"
	res, err := c.Publish(context.Background(), req)
	require.NoError(t, err)
	p := e.fake.Posts()[0]
	assert.Equal(t, res.PlatformPostID, p.URN)
	assert.Contains(t, p.MediaID, "urn:li:video:")
	assert.Equal(t, "Film", p.Title)
	assert.Equal(t, []byte("0123456789"), e.fake.VideoData(p.MediaID))
	assert.Equal(t, linkedinfake.VideoAvailable, e.fake.VideoStatus(p.MediaID))
	assert.Equal(t, 3, e.fake.Calls("PUT /video-uploads/{id}/{part}"), "4 + 4 + 2 bytes")
	assert.Equal(t, 3, e.fake.Calls("GET /rest/videos/{urn}"), "read until AVAILABLE")
}

func TestPublishVideoProcessingFailed(t *testing.T) {
	e, c, tok := publishEnv(t)
	e.fake.FailNextVideo("Video duration is too short")
	req := memberReq(tok, "broken film")
	req.Media = []platforms.MediaFile{videoFile(t, 5)}
	_, err := c.Publish(context.Background(), req)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.False(t, pe.Uncertain)
	assert.Equal(t, "LinkedIn could not process the video: Video duration is too short.", pe.Message)
	assert.Empty(t, e.fake.Posts())
}

func TestPublishVideoKilledMidFlight(t *testing.T) {
	e, c, tok := publishEnv(t)
	req := memberReq(tok, "lost film answer")
	req.Media = []platforms.MediaFile{videoFile(t, 5)}
	req.StartedAt = e.clock.Now()
	e.fake.DropNextPostResponse()
	_, err := c.Publish(context.Background(), req)
	assert.True(t, asPlatformError(t, err).Uncertain)

	res, found, err := c.Reconcile(context.Background(), req)
	require.NoError(t, err)
	require.True(t, found)
	require.Len(t, e.fake.Posts(), 1, "no second post")
	assert.Equal(t, e.fake.Posts()[0].URN, res.PlatformPostID)
}

func TestPublishVideoWithOthersRefused(t *testing.T) {
	e, c, tok := publishEnv(t)
	for _, media := range [][]platforms.MediaFile{
		{videoFile(t, 3), imageFile(t, "a.png", "")},
		{videoFile(t, 3), videoFile(t, 4)},
		{{Path: "x.pdf", Mime: "application/pdf"}},
	} {
		req := memberReq(tok, "mixed")
		req.Media = media
		_, err := c.Publish(context.Background(), req)
		assert.Equal(t, platforms.Permanent, asPlatformError(t, err).Kind)
	}
	assert.Zero(t, e.fake.Calls("POST /rest/videos")+e.fake.Calls("POST /rest/images"))
}

func TestPublishMultiImage(t *testing.T) {
	e, c, tok := publishEnv(t)
	req := memberReq(tok, "three pictures")
	req.Media = []platforms.MediaFile{imageFile(t, "a.png", "first"), imageFile(t, "b.png", ""), imageFile(t, "c.png", "third")}
	_, err := c.Publish(context.Background(), req)
	require.NoError(t, err)
	p := e.fake.Posts()[0]
	require.Len(t, p.Images, 3)
	assert.Empty(t, p.MediaID)
	assert.Equal(t, "first", p.Images[0].AltText)
	assert.Empty(t, p.Images[1].AltText)
	assert.Equal(t, []byte("png:c.png"), e.fake.ImageData(p.Images[2].ID))
}

func TestPublishTooManyImagesRefused(t *testing.T) {
	e, c, tok := publishEnv(t)
	req := memberReq(tok, "too many")
	for i := range MaxImages + 1 {
		req.Media = append(req.Media, imageFile(t, strconv.Itoa(i)+".png", ""))
	}
	_, err := c.Publish(context.Background(), req)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "at most 20 images")
	assert.Zero(t, e.fake.Calls("POST /rest/images"))
}

func TestConnectorIsNotANativeScheduler(t *testing.T) {
	_, c, _ := publishEnv(t)
	_, ok := platforms.Connector(c).(platforms.NativeScheduler)
	assert.False(t, ok, "LinkedIn's API cannot schedule posts")
}
