package mediainfo

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"webox-social/services/model"
)

// Rule identifiers of a Problem.
const (
	RuleRequired   = "media.required"   // the network needs media and the post has none
	RuleCount      = "media.count"      // too many attachments, photos or videos
	RuleMix        = "media.mix"        // photos and videos in one post where not allowed
	RuleGIFAlone   = "media.gif_alone"  // an animated GIF with other attachments
	RuleKind       = "media.kind"       // photos, GIFs or videos not accepted at all
	RuleType       = "media.type"       // file type not accepted
	RuleSize       = "media.size"       // file too large or too small
	RuleDimensions = "media.dimensions" // picture too large or too small
	RuleAspect     = "media.aspect"     // aspect ratio outside the accepted range
	RuleDuration   = "media.duration"   // video too long or too short
	// Advice rules (returned by Advise only).
	RuleAdviseRatio    = "media.advise.aspect"
	RuleAdviseUpscale  = "media.advise.upscale"
	RuleAdviseVerified = "media.advise.verified"
)

// PostLevel is Problem.File for a problem of the post as a whole.
const PostLevel = -1

// Problem is one limit a post's media breaks on one network.
type Problem struct {
	// Rule identifies the limit, one of the Rule* constants.
	Rule string
	// Message is a sentence for the user naming the network, the file and the limit,
	// e.g. "Instagram accepts photos between 4:5 and 1.91:1; beach.jpg is 1:3."
	Message string
	// File is the index of the file in the checked list, or PostLevel.
	File int
}

// Check compares the probed files of one post (in order, with their display names) with
// the limits of network p for the format chosen in opts. An empty result means the
// network accepts the media; an unknown network is never reported.
func Check(p model.Platform, files []Info, names []string, opts model.TargetOptions) []Problem {
	l, ok := LimitsFor(p, opts.Format)
	if !ok {
		return nil
	}
	return l.Check(files, names)
}

// Check compares the probed files of one post with these limits; see the Check function.
func (l Limits) Check(files []Info, names []string) []Problem {
	problems := l.checkPost(files)
	for i, f := range files {
		problems = append(problems, l.checkFile(i, f, nameAt(names, i))...)
	}
	return problems
}

// nameAt is the display name of file i, or "attachment N" when none was given.
func nameAt(names []string, i int) string {
	if i < len(names) && names[i] != "" {
		return names[i]
	}
	return fmt.Sprintf("attachment %d", i+1)
}

// counts is how many attachments of each kind a post carries, as the limits count them.
type counts struct{ total, photos, gifs, videos int }

func (l Limits) count(files []Info) counts {
	c := counts{total: len(files)}
	for _, f := range files {
		switch f.Kind() {
		case KindPhoto:
			c.photos++
		case KindGIF:
			if l.GIF != nil {
				c.gifs++
			} else {
				c.photos++
			}
		case KindVideo:
			c.videos++
		}
	}
	return c
}

// checkPost checks the limits of the post as a whole: required media, counts, mixing.
func (l Limits) checkPost(files []Info) []Problem {
	net := l.Platform.Title()
	c := l.count(files)
	var ps []Problem
	add := func(rule, format string, args ...any) {
		ps = append(ps, Problem{Rule: rule, Message: fmt.Sprintf(format, args...), File: PostLevel})
	}
	if c.total == 0 && l.Needs != "" {
		add(RuleRequired, "%s needs %s; this %s has none.", net, l.Needs, l.PostNoun)
	}
	if l.MaxItems > 0 && c.total > l.MaxItems {
		add(RuleCount, "%s allows %s per %s; this one has %d.", net, upTo(l.MaxItems, "attachment"), l.PostNoun, c.total)
	}
	if !l.MixPhotoVideo && l.Photo != nil && l.Video != nil && c.photos+c.gifs > 0 && c.videos > 0 {
		add(RuleMix, "%s does not mix photos and videos in one %s; this one has both.", net, l.PostNoun)
	}
	if l.MaxPhotos > 0 && c.photos > l.MaxPhotos {
		add(RuleCount, "%s allows %s per %s; this one has %d.", net, upTo(l.MaxPhotos, "photo"), l.PostNoun, c.photos)
	}
	if l.MaxVideos > 0 && c.videos > l.MaxVideos {
		add(RuleCount, "%s allows %s per %s; this one has %d.", net, upTo(l.MaxVideos, "video"), l.PostNoun, c.videos)
	}
	if l.GIFAlone && c.gifs > 0 && c.total > 1 {
		add(RuleGIFAlone, "%s allows an animated GIF only on its own; this %s has %d attachments.", net, l.PostNoun, c.total)
	}
	return ps
}

// upTo writes a count limit: "one video", "up to 4 photos".
func upTo(n int, noun string) string {
	if n == 1 {
		return "one " + noun
	}
	return fmt.Sprintf("up to %d %ss", n, noun)
}

// ruleFor is the rule a file is checked with, nil when its kind is not accepted.
func (l Limits) ruleFor(k Kind) *Rule {
	switch k {
	case KindPhoto:
		return l.Photo
	case KindGIF:
		if l.GIF != nil {
			return l.GIF
		}
		return l.Photo
	case KindVideo:
		return l.Video
	}
	return nil
}

// kindNames are the plural and the singular-with-article of each kind, for messages.
var kindNames = map[Kind][2]string{
	KindPhoto: {"photos", "a photo"},
	KindGIF:   {"animated GIFs", "an animated GIF"},
	KindVideo: {"videos", "a video"},
}

// checkFile checks one file against the rule of its kind.
func (l Limits) checkFile(i int, f Info, name string) []Problem {
	net := l.Platform.Title()
	r := l.ruleFor(f.Kind())
	if r == nil {
		return []Problem{l.kindProblem(i, f, name)}
	}
	if len(r.Types) > 0 && !slices.Contains(r.Types, f.Mime) {
		return []Problem{{Rule: RuleType, File: i, Message: fmt.Sprintf("%s accepts %s only as %s; %s is %s.",
			net, r.Noun, shortTypes(r.Types), name, describeTypeA(f.Mime))}}
	}
	c := fileCheck{net: net, name: name, rule: r, file: i}
	c.size(f.Size)
	if f.Width > 0 && f.Height > 0 {
		c.dimensions(f.Width, f.Height)
		c.aspect(f.Width, f.Height)
	}
	if f.Kind() == KindVideo && f.DurationMS > 0 {
		c.duration(f.DurationMS)
	}
	return c.problems
}

// kindProblem reports a file whose kind the network does not take at all.
func (l Limits) kindProblem(i int, f Info, name string) Problem {
	if why, ok := l.NotYet[f.Kind()]; ok {
		return Problem{Rule: RuleKind, File: i, Message: fmt.Sprintf("%s; %s is %s.", why, name, describeKindA(f))}
	}
	var kinds []string
	for _, k := range []Kind{KindPhoto, KindVideo} {
		if l.ruleFor(k) != nil {
			kinds = append(kinds, kindNames[k][0])
		}
	}
	what := "this kind of file"
	if names, ok := kindNames[f.Kind()]; ok {
		what = names[0]
	}
	purpose := ""
	if l.PostNoun != "post" && l.PostNoun != "upload" {
		purpose = " for a " + l.PostNoun
	}
	rule := RuleKind
	if f.Kind() == KindOther {
		rule = RuleType
	}
	return Problem{Rule: rule, File: i, Message: fmt.Sprintf("%s does not accept %s%s, only %s; %s is %s.",
		l.Platform.Title(), what, purpose, strings.Join(kinds, " and "), name, describeKindA(f))}
}

// describeKindA names what a file is, with its article: "a photo", "an MP4 video" for
// a kind, "a PDF document" for anything else.
func describeKindA(f Info) string {
	if names, ok := kindNames[f.Kind()]; ok {
		return names[1]
	}
	return describeTypeA(f.Mime)
}

// fileCheck collects the problems of one file against one rule.
type fileCheck struct {
	net, name string
	rule      *Rule
	file      int
	problems  []Problem
}

func (c *fileCheck) add(rule, format string, args ...any) {
	c.problems = append(c.problems, Problem{Rule: rule, Message: fmt.Sprintf(format, args...), File: c.file})
}

func (c *fileCheck) size(n int64) {
	r := c.rule
	if r.MaxBytes > 0 && n > r.MaxBytes {
		limit, got := formatBytesPair(r.MaxBytes, n)
		c.add(RuleSize, "%s allows %s up to %s; %s is %s.", c.net, r.Noun, limit, c.name, got)
	}
	if r.MinBytes > 0 && n < r.MinBytes {
		limit, got := formatBytesPair(r.MinBytes, n)
		c.add(RuleSize, "%s needs %s of at least %s; %s is %s.", c.net, r.Noun, limit, c.name, got)
	}
}

// dimensions checks the picture size either way round, and the pixel count.
func (c *fileCheck) dimensions(w, h int) {
	r := c.rule
	short, long := min(w, h), max(w, h)
	if hi := r.MaxSide; hi[1] > 0 && (short > min(hi[0], hi[1]) || long > max(hi[0], hi[1])) {
		c.add(RuleDimensions, "%s allows %s up to %d×%d pixels (either way round); %s is %d×%d.",
			c.net, r.Noun, max(hi[0], hi[1]), min(hi[0], hi[1]), c.name, w, h)
	}
	if lo := r.MinSide; lo[1] > 0 && (short < min(lo[0], lo[1]) || long < max(lo[0], lo[1])) {
		c.add(RuleDimensions, "%s needs %s of at least %d×%d pixels; %s is %d×%d.",
			c.net, r.Noun, max(lo[0], lo[1]), min(lo[0], lo[1]), c.name, w, h)
	}
	if px := int64(w) * int64(h); r.MaxPixels > 0 && px > r.MaxPixels {
		c.add(RuleDimensions, "%s allows %s up to %s; %s is %s (%d×%d).",
			c.net, r.Noun, formatMegapixels(r.MaxPixels), c.name, formatMegapixels(px), w, h)
	}
}

// ratioSlack absorbs float rounding only; the networks publish exact bounds.
const ratioSlack = 1e-9

func (c *fileCheck) aspect(w, h int) {
	r := c.rule
	if r.MinRatio.IsZero() || r.MaxRatio.IsZero() {
		return
	}
	v := float64(w) / float64(h)
	if v >= r.MinRatio.Value()-ratioSlack && v <= r.MaxRatio.Value()+ratioSlack {
		return
	}
	got := formatRatio(w, h)
	if !ratioExact(w, h) {
		got = fmt.Sprintf("%s (%d×%d)", got, w, h) // a rounded ratio can look like the bound
	}
	c.add(RuleAspect, "%s accepts %s between %s and %s; %s is %s.", c.net, r.Noun, r.MinRatio, r.MaxRatio, c.name, got)
}

func (c *fileCheck) duration(ms int64) {
	r := c.rule
	d := time.Duration(ms) * time.Millisecond
	if r.MaxDuration > 0 && d > r.MaxDuration {
		c.add(RuleDuration, "%s allows %s up to %s; %s lasts %s.",
			c.net, r.Noun, formatLimit(r.MaxDuration), c.name, formatLasting(ms, r.MaxDuration))
	}
	if r.MinDuration > 0 && d < r.MinDuration {
		c.add(RuleDuration, "%s needs %s of at least %s; %s lasts %s.",
			c.net, r.Noun, formatLimit(r.MinDuration), c.name, formatLasting(ms, r.MinDuration))
	}
}

// Advise returns recommendations that do not stop a post from being scheduled: a ratio
// the network will crop or letterbox, a picture it will scale up, a length that needs a
// verified account. Files with a blocking problem of the same kind are not advised on.
func Advise(p model.Platform, files []Info, names []string, opts model.TargetOptions) []Problem {
	l, ok := LimitsFor(p, opts.Format)
	if !ok {
		return nil
	}
	var advice []Problem
	for i, f := range files {
		if r := l.ruleFor(f.Kind()); r != nil && slices.Contains(r.Types, f.Mime) {
			advice = append(advice, advise(l.Platform.Title(), r, i, f, nameAt(names, i))...)
		}
	}
	return advice
}

// bestRatioSlack is how far (relative) from the recommended ratio a picture may be
// before it is worth a word: 1080×1920 and 720×1280 are both 9:16.
const bestRatioSlack = 0.02

func advise(net string, r *Rule, i int, f Info, name string) []Problem {
	var out []Problem
	add := func(rule, format string, args ...any) {
		out = append(out, Problem{Rule: rule, Message: fmt.Sprintf(format, args...), File: i})
	}
	if f.Width > 0 && f.Height > 0 {
		v := float64(f.Width) / float64(f.Height)
		if !r.BestRatio.IsZero() && math.Abs(v-r.BestRatio.Value()) > bestRatioSlack*r.BestRatio.Value() {
			add(RuleAdviseRatio, "%s shows %s best at %s; %s is %s and will be cropped or letterboxed.",
				net, r.Noun, r.BestRatio, name, formatRatio(f.Width, f.Height))
		}
		if r.UpscaleBelow > 0 && f.Width < r.UpscaleBelow {
			add(RuleAdviseUpscale, "%s scales %s narrower than %d pixels up, which blurs them; %s is %d pixels wide.",
				net, r.Noun, r.UpscaleBelow, name, f.Width)
		}
	}
	d := time.Duration(f.DurationMS) * time.Millisecond
	if r.VerifiedOver > 0 && d > r.VerifiedOver && (r.MaxDuration == 0 || d <= r.MaxDuration) {
		add(RuleAdviseVerified, "%s takes %s longer than %s only from verified accounts; %s lasts %s.",
			net, r.Noun, formatLimit(r.VerifiedOver), name, formatLasting(f.DurationMS, r.VerifiedOver))
	}
	return out
}
