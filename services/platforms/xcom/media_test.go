package xcom_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/xcom/xcomfake"
)

func TestPublishImagesWithAltText(t *testing.T) {
	e := newPubEnv(t, nil)
	a, b, c := file(t, "a.png", "image/png", 10), file(t, "b.jpg", "image/jpeg", 10), file(t, "c.png", "image/png", 10)
	a.AltText, b.AltText = "A red door", strings.Repeat("d", 1000)
	_, err := e.conn.Publish(context.Background(), e.req("doors", a, b, c))
	require.NoError(t, err)
	ids := e.fake.Tweets("alice")[0].MediaIDs
	require.Len(t, ids, 3)
	assert.Equal(t, "A red door", e.fake.AltText(ids[0]))
	assert.Equal(t, b.AltText, e.fake.AltText(ids[1]))
	assert.Empty(t, e.fake.AltText(ids[2]))
	assert.Equal(t, 2, e.fake.Calls(xcomfake.RouteMetadata), "no call for an image without alt text")
}

func TestPublishGIFAltTextAndProcessing(t *testing.T) {
	e := newPubEnv(t, nil)
	gif := file(t, "a.gif", "image/gif", 100)
	gif.AltText = "A cat dancing"
	_, err := e.conn.Publish(context.Background(), e.req("gif", gif))
	require.NoError(t, err)
	ids := e.fake.Tweets("alice")[0].MediaIDs
	require.Len(t, ids, 1)
	assert.Equal(t, "A cat dancing", e.fake.AltText(ids[0]))
	assert.Equal(t, 2, e.fake.Calls(xcomfake.RouteStatus), "pending → in_progress → succeeded")
}

func TestPublishVideoAltTextNotSent(t *testing.T) {
	e := newPubEnv(t, nil)
	v := file(t, "v.mp4", "video/mp4", 100)
	v.AltText = "A talk"
	_, err := e.conn.Publish(context.Background(), e.req("talk", v))
	require.NoError(t, err)
	assert.Zero(t, e.fake.Calls(xcomfake.RouteMetadata))
}

func TestPublishAltTextTooLongRefusedBeforeUpload(t *testing.T) {
	e := newPubEnv(t, nil)
	img := file(t, "a.png", "image/png", 10)
	img.AltText = strings.Repeat("é", 1001)
	_, err := e.conn.Publish(context.Background(), e.req("long alt", img))
	pe := platformErr(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.ErrorIs(t, err, model.ErrInvalid)
	assert.Equal(t, "X allows alt text of up to 1,000 characters; the description of attachment 1 has 1001.", pe.Message)
	assert.Zero(t, e.fake.Calls(xcomfake.RouteInit))
}

func TestPublishProcessingFailedIsPermanent(t *testing.T) {
	for _, tc := range []struct{ name, mime, want string }{
		{"video", "video/mp4", "X could not process the video: Unsupported video format"},
		{"gif", "image/gif", "X could not process the GIF: Unsupported video format"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newPubEnv(t, nil)
			e.fake.FailProcessing("Unsupported video format")
			_, err := e.conn.Publish(context.Background(), e.req("clip", file(t, "m", tc.mime, 100)))
			pe := platformErr(t, err)
			assert.Equal(t, platforms.Permanent, pe.Kind)
			assert.False(t, pe.Uncertain)
			assert.Equal(t, tc.want, pe.Message)
			assert.Equal(t, 2, e.fake.Calls(xcomfake.RouteStatus), "pending → in_progress → failed")
			assert.Zero(t, e.fake.Calls(xcomfake.RouteTweets))
		})
	}
}

func TestPublishMovingMediaNotMixed(t *testing.T) {
	for _, tc := range []struct {
		name  string
		media []string
	}{
		{"video and image", []string{"video/mp4", "image/png"}},
		{"gif and image", []string{"image/gif", "image/jpeg"}},
		{"two videos", []string{"video/mp4", "video/mp4"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newPubEnv(t, nil)
			var files []platforms.MediaFile
			for _, m := range tc.media {
				files = append(files, file(t, "m", m, 10))
			}
			_, err := e.conn.Publish(context.Background(), e.req("mixed", files...))
			pe := platformErr(t, err)
			assert.Equal(t, platforms.Permanent, pe.Kind)
			assert.Contains(t, pe.Message, "X allows up to 4 images or 1 video or GIF per post")
			assert.Zero(t, e.fake.Calls(xcomfake.RouteInit))
		})
	}
}
