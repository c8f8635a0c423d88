package mediainfo

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"webox-social/services/model"
)

// Info builders for the limit tables: the numbers matter, not the bytes.

func photo(mime string, w, h int, size int64) Info {
	return Info{Mime: mime, Size: size, Width: w, Height: h}
}

func jpg(w, h int) Info { return photo("image/jpeg", w, h, 300*kB) }

func animGIF(w, h int, size int64) Info {
	return Info{Mime: "image/gif", Size: size, Width: w, Height: h, Frames: 10, Animated: true, DurationMS: 1000}
}

func video(mime string, w, h int, ms int64, size int64) Info {
	return Info{Mime: mime, Size: size, Width: w, Height: h, DurationMS: ms, VideoCodec: "avc1"}
}

func mp4v(w, h int, ms int64) Info { return video("video/mp4", w, h, ms, 20*mB) }

func times(n int, f Info) []Info {
	out := make([]Info, n)
	for i := range out {
		out[i] = f
	}
	return out
}

type checkCase struct {
	name   string
	files  []Info
	names  []string
	format string
	want   []string // the exact messages, in order; none means the network accepts the post
}

func runChecks(t *testing.T, p model.Platform, cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Check(p, tc.files, tc.names, model.TargetOptions{Format: tc.format})
			msgs := make([]string, 0, len(got))
			for _, pr := range got {
				msgs = append(msgs, pr.Message)
				assert.NotEmpty(t, pr.Rule)
			}
			assert.Equal(t, append([]string{}, tc.want...), msgs)
		})
	}
}

func TestCheckX(t *testing.T) {
	runChecks(t, model.X, []checkCase{
		{name: "text only", files: nil},
		{name: "four photos", files: times(4, jpg(1200, 800))},
		{name: "five photos", files: times(5, jpg(1200, 800)),
			want: []string{"X allows up to 4 photos per post; this one has 5."}},
		{name: "photo too large", files: []Info{photo("image/jpeg", 4000, 3000, 7_300_000)}, names: []string{"big.jpg"},
			want: []string{"X allows photos up to 5 MB; big.jpg is 7.3 MB."}},
		{name: "static gif counts as a photo", files: []Info{photo("image/gif", 400, 400, 6*mB)}, names: []string{"still.gif"},
			want: []string{"X allows photos up to 5 MB; still.gif is 6 MB."}},
		{name: "video too long", files: []Info{mp4v(1280, 720, 192_000)}, names: []string{"clip.mp4"},
			want: []string{"X allows videos up to 140 seconds; clip.mp4 lasts 3 min 12 s."}},
		{name: "video just over the limit keeps a decimal", files: []Info{mp4v(1280, 720, 140_400)}, names: []string{"clip.mp4"},
			want: []string{"X allows videos up to 140 seconds; clip.mp4 lasts 140.4 s."}},
		{name: "video too short", files: []Info{mp4v(1280, 720, 300)}, names: []string{"blip.mp4"},
			want: []string{"X needs videos of at least 0.5 seconds; blip.mp4 lasts 0.3 s."}},
		{name: "portrait 720x1280 fits either way round", files: []Info{mp4v(720, 1280, 30_000)}},
		{name: "1080p is over 1280x1024", files: []Info{mp4v(1920, 1080, 30_000)}, names: []string{"clip.mp4"},
			want: []string{"X allows videos up to 1280×1024 pixels (either way round); clip.mp4 is 1920×1080."}},
		{name: "video too narrow", files: []Info{mp4v(256, 1024, 30_000)}, names: []string{"tall.mp4"},
			want: []string{"X accepts videos between 1:3 and 3:1; tall.mp4 is 1:4."}},
		{name: "video too large", files: []Info{video("video/mp4", 1280, 720, 100_000, 600*mB)}, names: []string{"big.mp4"},
			want: []string{"X allows videos up to 512 MB; big.mp4 is 600 MB."}},
		{name: "photo and video", files: []Info{jpg(800, 800), mp4v(1280, 720, 10_000)},
			want: []string{"X does not mix photos and videos in one post; this one has both."}},
		{name: "two videos", files: times(2, mp4v(1280, 720, 10_000)),
			want: []string{"X allows one video per post; this one has 2."}},
		{name: "gif with a photo", files: []Info{animGIF(400, 300, 2*mB), jpg(800, 800)},
			want: []string{"X allows an animated GIF only on its own; this post has 2 attachments."}},
		{name: "gif alone up to 15 MB", files: []Info{animGIF(400, 300, 12*mB)}},
		{name: "gif too large", files: []Info{animGIF(400, 300, 16*mB)}, names: []string{"party.gif"},
			want: []string{"X allows animated GIFs up to 15 MB; party.gif is 16 MB."}},
		{name: "webm video", files: []Info{video("video/webm", 1280, 720, 10_000, mB)}, names: []string{"clip.webm"},
			want: []string{"X accepts videos only as MP4 or MOV; clip.webm is a WebM video."}},
		{name: "pdf", files: []Info{{Mime: "application/pdf", Size: 1000}}, names: []string{"notes.pdf"},
			want: []string{"X does not accept this kind of file, only photos and videos; notes.pdf is a PDF document."}},
		{name: "unnamed file", files: []Info{photo("image/jpeg", 10, 10, 6*mB)},
			want: []string{"X allows photos up to 5 MB; attachment 1 is 6 MB."}},
	})
}

func TestCheckInstagram(t *testing.T) {
	runChecks(t, model.Instagram, []checkCase{
		{name: "feed photo 4:5", files: []Info{jpg(1080, 1350)}},
		{name: "feed photo 1.91:1", files: []Info{jpg(1080, 566)}},
		{name: "explicit feed format", files: []Info{jpg(1080, 1080)}, format: "feed"},
		{name: "no media", want: []string{"Instagram needs a photo or video; this post has none."}},
		{name: "too tall", files: []Info{jpg(1000, 3000)}, names: []string{"beach.jpg"},
			want: []string{"Instagram accepts photos between 4:5 and 1.91:1; beach.jpg is 1:3."}},
		{name: "just past 4:5 shows the pixels", files: []Info{jpg(1000, 1251)}, names: []string{"p.jpg"},
			want: []string{"Instagram accepts photos between 4:5 and 1.91:1; p.jpg is 1:1.25 (1000×1251)."}},
		{name: "too wide", files: []Info{jpg(2000, 1000)}, names: []string{"pano.jpg"},
			want: []string{"Instagram accepts photos between 4:5 and 1.91:1; pano.jpg is 2:1."}},
		{name: "png", files: []Info{photo("image/png", 1080, 1080, mB)}, names: []string{"cat.png"},
			want: []string{"Instagram accepts photos only as JPEG; cat.png is a PNG image."}},
		{name: "animated gif", files: []Info{animGIF(500, 500, mB)}, names: []string{"party.gif"},
			want: []string{"Instagram accepts photos only as JPEG; party.gif is a GIF image."}},
		{name: "photo over 8 MiB", files: []Info{photo("image/jpeg", 1080, 1080, 9*mB)}, names: []string{"big.jpg"},
			want: []string{"Instagram allows photos up to 8.4 MB; big.jpg is 9 MB."}},
		{name: "carousel of ten mixed", files: append(times(9, jpg(1080, 1080)), mp4v(1080, 1080, 20_000))},
		{name: "carousel of eleven", files: times(11, jpg(1080, 1080)),
			want: []string{"Instagram allows up to 10 attachments per post; this one has 11."}},
		{name: "feed video too short", files: []Info{mp4v(1080, 1920, 2000)}, names: []string{"short.mp4"},
			want: []string{"Instagram needs videos of at least 3 seconds; short.mp4 lasts 2 s."}},
		{name: "reel", format: "reel", files: []Info{video("video/quicktime", 1080, 1920, 30_000, 50*mB)}},
		{name: "reel none", format: "reel", want: []string{"Instagram needs a video; this Reel has none."}},
		{name: "reel photo", format: "reel", files: []Info{jpg(1080, 1920)}, names: []string{"beach.jpg"},
			want: []string{"Instagram does not accept photos for a Reel, only videos; beach.jpg is a photo."}},
		{name: "reel too long", format: "reel", files: []Info{mp4v(1080, 1920, 16*60_000)}, names: []string{"long.mp4"},
			want: []string{"Instagram allows Reels up to 15 minutes; long.mp4 lasts 16 min."}},
		{name: "two reels", format: "reel", files: times(2, mp4v(1080, 1920, 10_000)),
			want: []string{"Instagram allows one attachment per Reel; this one has 2."}},
		{name: "story photo any ratio", format: "story", files: []Info{jpg(1000, 3000)}},
		{name: "story video too long", format: "story", files: []Info{mp4v(1080, 1920, 90_000)}, names: []string{"story.mp4"},
			want: []string{"Instagram allows video stories up to 60 seconds; story.mp4 lasts 1 min 30 s."}},
		{name: "story of two", format: "story", files: []Info{jpg(1080, 1920), jpg(1080, 1920)},
			want: []string{"Instagram allows one attachment per story; this one has 2."}},
	})
}

func TestCheckFacebook(t *testing.T) {
	runChecks(t, model.Facebook, []checkCase{
		{name: "text only"},
		{name: "photos", files: times(6, photo("image/png", 1200, 630, 2*mB))},
		{name: "long video", files: []Info{video("video/mp4", 1920, 1080, 2*3600_000, 4*gB)}},
		{name: "video too long", files: []Info{mp4v(1920, 1080, 5*3600_000)}, names: []string{"stream.mp4"},
			want: []string{"Facebook allows videos up to 4 hours; stream.mp4 lasts 5 h."}},
		{name: "photo too large", files: []Info{photo("image/jpeg", 4000, 3000, 12*mB)}, names: []string{"big.jpg"},
			want: []string{"Facebook allows photos up to 10 MB; big.jpg is 12 MB."}},
		{name: "webp", files: []Info{photo("image/webp", 800, 800, mB)}, names: []string{"a.webp"},
			want: []string{"Facebook accepts photos only as JPEG, PNG, GIF, BMP or TIFF; a.webp is a WebP image."}},
		{name: "photo and video", files: []Info{jpg(800, 800), mp4v(1280, 720, 10_000)},
			want: []string{"Facebook does not mix photos and videos in one post; this one has both."}},
		{name: "two videos", files: times(2, mp4v(1280, 720, 10_000)),
			want: []string{"Facebook allows one video per post; this one has 2."}},
	})
}

func TestCheckLinkedIn(t *testing.T) {
	runChecks(t, model.LinkedIn, []checkCase{
		{name: "text only"},
		{name: "one image", files: []Info{jpg(1200, 627)}},
		{name: "twenty images", files: times(20, jpg(1200, 627))},
		{name: "twenty-one images", files: times(21, jpg(1200, 627)),
			want: []string{"LinkedIn allows up to 20 photos per post; this one has 21."}},
		{name: "too many pixels", files: []Info{jpg(8000, 6000)}, names: []string{"huge.jpg"},
			want: []string{"LinkedIn allows photos up to 36.2 megapixels; huge.jpg is 48 megapixels (8000×6000)."}},
		{name: "mov", files: []Info{video("video/quicktime", 1280, 720, 10_000, mB)}, names: []string{"clip.mov"},
			want: []string{"LinkedIn accepts videos only as MP4; clip.mov is a MOV video."}},
		{name: "tiny video", files: []Info{video("video/mp4", 320, 240, 5000, 50*kB)}, names: []string{"tiny.mp4"},
			want: []string{"LinkedIn needs videos of at least 75 KB; tiny.mp4 is 50 KB."}},
		{name: "video too long", files: []Info{mp4v(1280, 720, 31*60_000)}, names: []string{"talk.mp4"},
			want: []string{"LinkedIn allows videos up to 30 minutes; talk.mp4 lasts 31 min."}},
		{name: "video too short", files: []Info{mp4v(1280, 720, 2500)}, names: []string{"blip.mp4"},
			want: []string{"LinkedIn needs videos of at least 3 seconds; blip.mp4 lasts 2.5 s."}},
		{name: "image and video", files: []Info{jpg(800, 800), mp4v(1280, 720, 10_000)},
			want: []string{"LinkedIn does not mix photos and videos in one post; this one has both."}},
	})
}

func TestCheckTikTok(t *testing.T) {
	runChecks(t, model.TikTok, []checkCase{
		{name: "no media", want: []string{"TikTok needs a video or photos; this post has none."}},
		{name: "video", files: []Info{mp4v(1080, 1920, 60_000)}},
		{name: "webm video to the inbox", format: "inbox", files: []Info{video("video/webm", 1080, 1920, 60_000, mB)}},
		{name: "35 photos", files: times(35, jpg(1080, 1920))},
		{name: "36 photos", files: times(36, jpg(1080, 1920)),
			want: []string{"TikTok allows up to 35 photos per post; this one has 36."}},
		{name: "png photo", files: []Info{photo("image/png", 1080, 1920, mB)}, names: []string{"a.png"},
			want: []string{"TikTok accepts photos only as JPEG or WebP; a.png is a PNG image."}},
		{name: "video too long", files: []Info{mp4v(1080, 1920, 11*60_000)}, names: []string{"long.mp4"},
			want: []string{"TikTok allows videos up to 10 minutes; long.mp4 lasts 11 min."}},
		{name: "video and photos", files: []Info{mp4v(1080, 1920, 10_000), jpg(1080, 1920)},
			want: []string{"TikTok does not mix photos and videos in one post; this one has both."}},
	})
}

func TestCheckYouTube(t *testing.T) {
	runChecks(t, model.YouTube, []checkCase{
		{name: "no media", want: []string{"YouTube needs a video; this upload has none."}},
		{name: "video", files: []Info{video("video/webm", 3840, 2160, 3600_000, 20*gB)}},
		{name: "photo", files: []Info{jpg(1280, 720)}, names: []string{"cover.jpg"},
			want: []string{"YouTube does not accept photos, only videos; cover.jpg is a photo."}},
		{name: "two videos", files: times(2, mp4v(1280, 720, 60_000)),
			want: []string{"YouTube allows one attachment per upload; this one has 2."}},
		{name: "too long", files: []Info{mp4v(1280, 720, 13*3600_000)}, names: []string{"epic.mp4"},
			want: []string{"YouTube allows videos up to 12 hours; epic.mp4 lasts 13 h."}},
	})
}

func TestCheckMastodon(t *testing.T) {
	runChecks(t, model.Mastodon, []checkCase{
		{name: "text only"},
		{name: "four photos of any type", files: []Info{jpg(10, 10), photo("image/png", 10, 10, kB),
			photo("image/webp", 10, 10, kB), photo("image/heic", 10, 10, kB)}},
		{name: "five photos", files: times(5, jpg(800, 600)),
			want: []string{"Mastodon allows up to 4 attachments per post; this one has 5."}},
		{name: "photo and video", files: []Info{jpg(800, 800), mp4v(1280, 720, 10_000)},
			want: []string{"Mastodon does not mix photos and videos in one post; this one has both."}},
		{name: "two videos", files: times(2, mp4v(1280, 720, 10_000)),
			want: []string{"Mastodon allows one video per post; this one has 2."}},
		{name: "video too large", files: []Info{video("video/mp4", 1280, 720, 10_000, 120*mB)}, names: []string{"big.mp4"},
			want: []string{"Mastodon allows videos up to 103.8 MB; big.mp4 is 120 MB."}},
		{name: "animated gif counts as a photo", files: []Info{animGIF(300, 300, mB), jpg(10, 10)}},
	})
}

func TestCheckBluesky(t *testing.T) {
	runChecks(t, model.Bluesky, []checkCase{
		{name: "text only"},
		{name: "four photos", files: times(4, jpg(1000, 1000))},
		{name: "five photos", files: times(5, jpg(1000, 1000)),
			want: []string{"Bluesky allows up to 4 photos per post; this one has 5."}},
		{name: "photo one byte over", files: []Info{photo("image/jpeg", 2000, 2000, 2_000_001)}, names: []string{"big.jpg"},
			want: []string{"Bluesky allows photos up to 2,000,000 bytes; big.jpg is 2,000,001 bytes."}},
		{name: "mov", files: []Info{video("video/quicktime", 1280, 720, 10_000, mB)}, names: []string{"clip.mov"},
			want: []string{"Webox Social publishes photos to Bluesky but not videos yet; clip.mov is a video."}},
		{name: "video too long", files: []Info{mp4v(1280, 720, 4*60_000)}, names: []string{"long.mp4"},
			want: []string{"Webox Social publishes photos to Bluesky but not videos yet; long.mp4 is a video."}},
		{name: "photo and video", files: []Info{jpg(800, 800), mp4v(1280, 720, 10_000)},
			want: []string{"Webox Social publishes photos to Bluesky but not videos yet; attachment 2 is a video."}},
	})
}

func TestCheckUnknownPlatform(t *testing.T) {
	assert.Empty(t, Check("myspace", []Info{jpg(1, 1)}, nil, model.TargetOptions{}))
	assert.Empty(t, Advise("myspace", []Info{jpg(1, 1)}, nil, model.TargetOptions{}))
}

func TestCheckProblemFields(t *testing.T) {
	got := Check(model.X, []Info{jpg(10, 10), mp4v(1920, 1080, 1000)}, []string{"a.jpg", "b.mp4"}, model.TargetOptions{})
	assert.Equal(t, []Problem{
		{Rule: RuleMix, File: PostLevel, Message: "X does not mix photos and videos in one post; this one has both."},
		{Rule: RuleDimensions, File: 1, Message: "X allows videos up to 1280×1024 pixels (either way round); b.mp4 is 1920×1080."},
	}, got)
}

func TestAdvise(t *testing.T) {
	tests := []struct {
		name   string
		p      model.Platform
		format string
		files  []Info
		want   []string
	}{
		{"reel at 9:16", model.Instagram, "reel", []Info{mp4v(1080, 1920, 30_000)}, nil},
		{"reel at 720x1280", model.Instagram, "reel", []Info{mp4v(720, 1280, 30_000)}, nil},
		{"square video in a feed carousel", model.Instagram, "", []Info{jpg(1080, 1080), mp4v(1080, 1080, 30_000)}, nil},
		{"wide reel", model.Instagram, "reel", []Info{mp4v(1920, 1080, 30_000)},
			[]string{"Instagram shows Reels best at 9:16; f0 is 16:9 and will be cropped or letterboxed."}},
		{"square story photo", model.Instagram, "story", []Info{jpg(1080, 1080)},
			[]string{"Instagram shows photo stories best at 9:16; f0 is 1:1 and will be cropped or letterboxed."}},
		{"small feed photo", model.Instagram, "", []Info{jpg(200, 200)},
			[]string{"Instagram scales photos narrower than 320 pixels up, which blurs them; f0 is 200 pixels wide."}},
		{"wrong type gets no advice", model.Instagram, "", []Info{photo("image/png", 200, 200, kB)}, nil},
		{"long youtube video", model.YouTube, "", []Info{mp4v(1920, 1080, 20*60_000)},
			[]string{"YouTube takes videos longer than 15 minutes only from verified accounts; f0 lasts 20 min."}},
		{"youtube video over the hard cap is Check's", model.YouTube, "", []Info{mp4v(1920, 1080, 13*3600_000)}, nil},
		{"x has no advice", model.X, "", []Info{mp4v(1280, 720, 30_000)}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			names := make([]string, len(tc.files))
			for i := range names {
				names[i] = fmt.Sprintf("f%d", i)
			}
			var msgs []string
			for _, a := range Advise(tc.p, tc.files, names, model.TargetOptions{Format: tc.format}) {
				msgs = append(msgs, a.Message)
				assert.Contains(t, a.Rule, "media.advise.")
			}
			assert.Equal(t, tc.want, msgs)
		})
	}
}

func TestLimitsFor(t *testing.T) {
	for _, p := range model.Platforms {
		l, ok := LimitsFor(p, "")
		assert.True(t, ok, p)
		assert.Equal(t, p, l.Platform)
		assert.NotEmpty(t, l.Source, p)
		assert.NotEmpty(t, l.PostNoun, p)
	}
	_, ok := LimitsFor("myspace", "")
	assert.False(t, ok)

	unknown, _ := LimitsFor(model.Instagram, "igtv")
	feed, _ := LimitsFor(model.Instagram, "")
	assert.Equal(t, feed, unknown, "an unknown format falls back to the default")

	l, _ := LimitsFor(model.X, "")
	l.Photo.MaxBytes = 1
	l.Photo.Types[0] = "image/x-nope"
	again, _ := LimitsFor(model.X, "")
	assert.Equal(t, int64(5*mB), again.Photo.MaxBytes, "callers cannot change the table")
	assert.Equal(t, "image/jpeg", again.Photo.Types[0])
}

func TestFormatting(t *testing.T) {
	assert.Equal(t, "16:9", formatRatio(1920, 1080))
	assert.Equal(t, "9:16", formatRatio(1080, 1920))
	assert.Equal(t, "1.91:1", formatRatio(1000, 523))
	assert.Equal(t, "1:2.17", formatRatio(1000, 2170))
	assert.Equal(t, "1:1", formatRatio(7, 7))

	assert.Equal(t, "812 bytes", formatBytes(812))
	assert.Equal(t, "75 KB", formatBytes(75_000))
	assert.Equal(t, "7.3 MB", formatBytes(7_300_000))
	assert.Equal(t, "4 GB", formatBytes(4*gB))

	assert.Equal(t, "140 seconds", formatLimit(140*time.Second))
	assert.Equal(t, "0.5 seconds", formatLimit(500*time.Millisecond))
	assert.Equal(t, "60 seconds", formatLimit(time.Minute))
	assert.Equal(t, "15 minutes", formatLimit(15*time.Minute))
	assert.Equal(t, "1 hour", formatLimit(time.Hour))

	assert.Equal(t, "45 s", formatLasting(45_400, 0))
	assert.Equal(t, "1 h 5 min", formatLasting(65*60_000+10_000, 0))
	assert.Equal(t, "3 min", formatLasting(180_000, 0))

	assert.Equal(t, "JPEG", shortTypes([]string{"image/jpeg"}))
	assert.Equal(t, "JPEG or PNG", shortTypes([]string{"image/jpeg", "image/png"}))
	assert.Equal(t, "JPEG, PNG or x/y", shortTypes([]string{"image/jpeg", "image/png", "x/y"}))
	assert.Equal(t, "a file of type x/y", describeTypeA("x/y"))
}
