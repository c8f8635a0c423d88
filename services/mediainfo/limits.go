package mediainfo

import (
	"maps"
	"strconv"
	"time"

	"webox-social/services/model"
)

// Ratio is an aspect ratio, width to height, written the way the networks write it:
// Ratio{4, 5} is 4:5, Ratio{1.91, 1} is 1.91:1. The zero Ratio means "no bound".
type Ratio struct{ W, H float64 }

// IsZero reports whether the ratio is unset.
func (r Ratio) IsZero() bool { return r.W == 0 || r.H == 0 }

// Value is W/H.
func (r Ratio) Value() float64 { return r.W / r.H }

// String writes the ratio as "4:5" or "1.91:1".
func (r Ratio) String() string {
	return strconv.FormatFloat(r.W, 'f', -1, 64) + ":" + strconv.FormatFloat(r.H, 'f', -1, 64)
}

// Rule is what a network accepts for one kind of attachment (photos, animated GIFs or
// videos). Zero fields do not limit.
type Rule struct {
	// Noun names these files in messages: "photos", "videos", "Reels", "stories".
	Noun string
	// Types are the accepted MIME types.
	Types []string
	// MinBytes and MaxBytes bound the file size.
	MinBytes, MaxBytes int64
	// MinSide and MaxSide bound the picture size either way round: the short side must
	// fit the short bound and the long side the long bound (X's "32×32 to 1280×1024").
	MinSide, MaxSide [2]int
	// MaxPixels bounds width × height.
	MaxPixels int64
	// MinRatio and MaxRatio bound the aspect ratio (width:height).
	MinRatio, MaxRatio Ratio
	// MinDuration and MaxDuration bound the running time of a video.
	MinDuration, MaxDuration time.Duration

	// The fields below only advise (see Advise); they never block scheduling.

	// BestRatio is the ratio the network recommends; others get cropped or letterboxed.
	BestRatio Ratio
	// UpscaleBelow is the width under which the network scales a picture up (blurry).
	UpscaleBelow int
	// VerifiedOver is the running time above which the account must be verified.
	VerifiedOver time.Duration
}

// Limits are one network's rules, for one publishing format, for the attachments of a post.
type Limits struct {
	Platform model.Platform
	// PostNoun names what is published in messages: "post", "Reel", "story", "upload".
	PostNoun string
	// Source cites the section of shared/reference/platforms.md the numbers come from.
	Source string
	// Photo, GIF and Video are the rules per kind; nil means the kind is not accepted.
	// When GIF is nil an animated GIF is checked and counted as a photo.
	Photo, GIF, Video *Rule
	// MaxItems, MaxPhotos and MaxVideos bound the attachments of one post; 0 does not limit.
	MaxItems, MaxPhotos, MaxVideos int
	// MixPhotoVideo allows photos and videos in the same post.
	MixPhotoVideo bool
	// GIFAlone: an animated GIF must be the only attachment.
	GIFAlone bool
	// Needs says what media a post must carry ("a video or photos"); empty when a post
	// may be text only.
	Needs string
	// NotYet explains a kind the network takes but Webox Social does not publish there
	// yet; it replaces the "does not accept" sentence for that kind.
	NotYet map[Kind]string
}

// Sizes. The reference writes "MB"; it is read as 1,000,000 bytes unless it says MiB.
const (
	kB  = 1000
	mB  = 1000 * kB
	gB  = 1000 * mB
	miB = 1 << 20
)

// MIME type groups used by the table.
var (
	jpegOnly   = []string{"image/jpeg"}
	commonPics = []string{"image/jpeg", "image/png", "image/gif", "image/webp"}
	mp4OrMOV   = []string{"video/mp4", "video/quicktime"}
)

// instagramVideo is a Reel, and any video in a feed post (single feed videos are
// published as Reels since 2023-07-01).
var instagramVideo = Rule{
	Noun: "Reels", Types: mp4OrMOV, MaxBytes: 1 * gB,
	MinDuration: 3 * time.Second, MaxDuration: 15 * time.Minute,
	BestRatio: Ratio{9, 16},
}

// table holds every network's media limits, keyed by platform and format ("" is the
// default format). Numbers come from shared/reference/platforms.md, each network's
// "Limits" and "Publishing" sections (§1–§8); where that file is silent the comment
// names the other source and marks the value unverified.
var table = map[model.Platform]map[string]Limits{
	// §1 X: Media [X8][X9]: images ≤5 MB (JPG/PNG/GIF/WEBP), animated GIF ≤15 MB, video
	// ≤512 MB, 0.5–140 s, 32×32 to 1280×1024; up to 4 images or 1 video/GIF per post.
	// Video ratio 1:3 to 3:1 is from X's media best-practices page (not in platforms.md).
	model.X: {"": {
		PostNoun: "post", Source: "platforms.md §1 Limits/Media",
		Photo: &Rule{Noun: "photos", Types: commonPics, MaxBytes: 5 * mB},
		GIF:   &Rule{Noun: "animated GIFs", Types: []string{"image/gif"}, MaxBytes: 15 * mB},
		Video: &Rule{
			Noun: "videos", Types: mp4OrMOV, MaxBytes: 512 * mB,
			MinSide: [2]int{32, 32}, MaxSide: [2]int{1024, 1280},
			MinRatio: Ratio{1, 3}, MaxRatio: Ratio{3, 1},
			MinDuration: 500 * time.Millisecond, MaxDuration: 140 * time.Second,
		},
		MaxPhotos: 4, MaxVideos: 1, GIFAlone: true,
	}},

	// §2 Instagram: Media (3rd-party [IG15][IG13]) and Publishing [IG4][IG10]: images
	// JPEG only, ≤8 MiB, 4:5 to 1.91:1, width 320–1440 (Meta scales outside that range,
	// so it only advises); Reels MP4/MOV ≤1 GB (some sources say 300 MB), 3 s–15 min;
	// carousels of 2–10 children, images and videos mixed. Stories: the 3–60 s video
	// length and the 9:16 recommendation are Meta's stories spec (unverified).
	model.Instagram: {
		"": {
			PostNoun: "post", Source: "platforms.md §2 Limits/Media, Publishing",
			Photo: &Rule{
				Noun: "photos", Types: jpegOnly, MaxBytes: 8 * miB,
				MinRatio: Ratio{4, 5}, MaxRatio: Ratio{1.91, 1}, UpscaleBelow: 320,
			},
			Video:    feedVideo(),
			MaxItems: 10, MixPhotoVideo: true, Needs: "a photo or video",
		},
		"reel": {
			PostNoun: "Reel", Source: "platforms.md §2 Limits/Media",
			Video:    ruleWithNoun(instagramVideo, "Reels"),
			MaxItems: 1, Needs: "a video",
		},
		"story": {
			PostNoun: "story", Source: "platforms.md §2 Publishing (stories)",
			Photo: &Rule{Noun: "photo stories", Types: jpegOnly, MaxBytes: 8 * miB, BestRatio: Ratio{9, 16}},
			Video: &Rule{
				Noun: "video stories", Types: mp4OrMOV, MaxBytes: 1 * gB,
				MinDuration: 3 * time.Second, MaxDuration: 60 * time.Second, BestRatio: Ratio{9, 16},
			},
			MaxItems: 1, MixPhotoVideo: true, Needs: "a photo or video",
		},
	},

	// §3 Facebook Pages: platforms.md gives no media numbers. Photos ≤10 MB in
	// JPEG/PNG/GIF/BMP/TIFF and videos ≤10 GB, ≤240 min are third-party figures
	// (unverified). A post is photos (attached_media) or one video, never both.
	model.Facebook: {"": {
		PostNoun: "post", Source: "platforms.md §3 Publishing (no media limits given)",
		Photo: &Rule{
			Noun: "photos", MaxBytes: 10 * mB,
			Types: []string{"image/jpeg", "image/png", "image/gif", "image/bmp", "image/tiff"},
		},
		Video:     &Rule{Noun: "videos", Types: mp4OrMOV, MaxBytes: 10 * gB, MaxDuration: 240 * time.Minute},
		MaxVideos: 1,
	}},

	// §4 LinkedIn: Publishing: one image, multiImage of 2+ images with no video (upper
	// bound 20 unverified), or one video. Types, the 36,152,320-pixel cap, 75 KB–500 MB
	// and 3 s–30 min come from LinkedIn's Images/Videos API pages (not in platforms.md).
	model.LinkedIn: {"": {
		PostNoun: "post", Source: "platforms.md §4 Publishing (Image, Multi-image, Video)",
		Photo: &Rule{
			Noun: "photos", Types: []string{"image/jpeg", "image/png", "image/gif"},
			MaxPixels: 36_152_320,
		},
		Video: &Rule{
			Noun: "videos", Types: []string{"video/mp4"}, MinBytes: 75 * kB, MaxBytes: 500 * mB,
			MinDuration: 3 * time.Second, MaxDuration: 30 * time.Minute,
		},
		MaxPhotos: 20, MaxVideos: 1,
	}},

	// §5 TikTok: Caption and media (3rd-party [TT10]): photos 1–35; video MP4/MOV/WebM,
	// ≤4 GB, up to 10 min (the creator's max_video_post_duration_sec may be lower; the
	// connector reads it from creator_info). Photo types JPEG/WebP ≤20 MB are TikTok's
	// photo-post page (unverified). A post is a video or photos, never both.
	model.TikTok: {"": {
		PostNoun: "post", Source: "platforms.md §5 Limits/Caption and media",
		Photo:     &Rule{Noun: "photos", Types: []string{"image/jpeg", "image/webp"}, MaxBytes: 20 * mB},
		Video:     &Rule{Noun: "videos", Types: []string{"video/mp4", "video/quicktime", "video/webm"}, MaxBytes: 4 * gB, MaxDuration: 10 * time.Minute},
		MaxPhotos: 35, MaxVideos: 1, Needs: "a video or photos",
	}},

	// §6 YouTube: Metadata: files up to 256 GB; unverified channels are limited to
	// 15-minute videos (advice: verification is not known here). The 12-hour cap and the
	// container list are YouTube's upload help (not in platforms.md).
	model.YouTube: {"": {
		PostNoun: "upload", Source: "platforms.md §6 Limits/Metadata",
		Video: &Rule{
			Noun: "videos", MaxBytes: 256 * gB, MaxDuration: 12 * time.Hour, VerifiedOver: 15 * time.Minute,
			Types: []string{"video/mp4", "video/quicktime", "video/webm", "video/3gpp", "video/avi", "video/mpeg"},
		},
		MaxItems: 1, Needs: "a video",
	}},

	// §7 Mastodon: instance-specific (GET /api/v2/instance); defaults: 4 attachments,
	// image_size_limit e.g. 16 MiB, video_size_limit e.g. ~99 MiB; mixing images and
	// video is rejected [M8][M10]. A video must be alone (one video per status).
	model.Mastodon: {"": {
		PostNoun: "post", Source: "platforms.md §7 Limits, Publishing",
		Photo: &Rule{
			Noun: "photos", MaxBytes: 16 * miB,
			Types: []string{"image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/avif"},
		},
		Video:    &Rule{Noun: "videos", Types: []string{"video/mp4", "video/quicktime", "video/webm"}, MaxBytes: 99 * miB},
		MaxItems: 4, MaxVideos: 1,
	}},

	// §8 Bluesky: Images: max 4, each ≤2,000,000 bytes. Bluesky also takes a video/mp4
	// ≤300,000,000 bytes through its separate video service, which the connector does not
	// use yet: videos are refused here rather than failing at publication.
	model.Bluesky: {"": {
		PostNoun: "post", Source: "platforms.md §8 Publishing (Images)",
		Photo:     &Rule{Noun: "photos", Types: commonPics, MaxBytes: 2_000_000},
		MaxPhotos: 4,
		NotYet:    map[Kind]string{KindVideo: "Webox Social publishes photos to Bluesky but not videos yet"},
	}},
}

// ruleWithNoun copies a shared rule under another name.
func ruleWithNoun(r Rule, noun string) *Rule {
	r.Noun = noun
	return &r
}

// feedVideo is the Reel rule for a video in a feed post or carousel, where 9:16 is not
// the recommendation (carousels crop to the first item's ratio).
func feedVideo() *Rule {
	r := ruleWithNoun(instagramVideo, "videos")
	r.BestRatio = Ratio{}
	return r
}

// LimitsFor returns the media limits of a network for a publishing format
// (model.TargetOptions.Format: Instagram "feed", "reel" or "story"; other networks and
// formats use the network's default). ok is false for an unknown network.
func LimitsFor(p model.Platform, format string) (Limits, bool) {
	formats, ok := table[p]
	if !ok {
		return Limits{}, false
	}
	l, ok := formats[format]
	if !ok {
		l = formats[""]
	}
	l.Platform = p
	l.Photo, l.GIF, l.Video = cloneRule(l.Photo), cloneRule(l.GIF), cloneRule(l.Video)
	l.NotYet = maps.Clone(l.NotYet)
	return l, true
}

// cloneRule copies a rule so a caller's changes never reach the shared table.
func cloneRule(r *Rule) *Rule {
	if r == nil {
		return nil
	}
	c := *r
	c.Types = append([]string(nil), r.Types...)
	return &c
}
