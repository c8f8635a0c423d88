package youtube

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// YouTube's metadata limits (platforms.md §6 Limits).
const (
	MaxTitleChars       = 100
	MaxDescriptionBytes = 5000
	MaxTagsChars        = 500
)

// defaultCategory is "People & Blogs", the category YouTube Studio proposes.
const defaultCategory = "22"

// videoMeta is the video resource sent to start an upload.
type videoMeta struct {
	Snippet struct {
		Title       string   `json:"title"`
		Description string   `json:"description"`
		Tags        []string `json:"tags,omitempty"`
		CategoryID  string   `json:"categoryId"`
	} `json:"snippet"`
	Status struct {
		PrivacyStatus string `json:"privacyStatus"`
		PublishAt     string `json:"publishAt,omitempty"`
	} `json:"status"`
}

// invalid is a Permanent refusal before anything is sent.
func invalid(msg string) *platforms.Error {
	return &platforms.Error{Platform: model.YouTube, Kind: platforms.Permanent, Message: msg, Err: model.ErrInvalid}
}

// theVideo is the one video a YouTube post carries.
func theVideo(media []platforms.MediaFile) (platforms.MediaFile, error) {
	i := slices.IndexFunc(media, func(m platforms.MediaFile) bool { return strings.HasPrefix(m.Mime, "video/") })
	switch {
	case i < 0:
		return platforms.MediaFile{}, invalid("YouTube publishes videos: attach one video.")
	case len(media) > 1:
		return platforms.MediaFile{}, invalid(fmt.Sprintf("YouTube publishes one video per post; this post has %d attachments: keep only the video.", len(media)))
	}
	return media[i], nil
}

// metadata builds the video resource for req: title (req.Options.Title, else the
// text's first line, else the file name), description (the text), tags, privacy
// (public by default) and, for a scheduled post, private with publishAt.
func metadata(req platforms.Request, f platforms.MediaFile) (videoMeta, error) {
	var m videoMeta
	title, err := titleFor(req, f)
	if err != nil {
		return m, err
	}
	if err := checkDescription(req.Text); err != nil {
		return m, err
	}
	tags, err := cleanTags(req.Options.Tags)
	if err != nil {
		return m, err
	}
	privacy, publishAt, err := privacyFor(req.Options.Privacy, req.ScheduleAt)
	if err != nil {
		return m, err
	}
	m.Snippet.Title, m.Snippet.Description, m.Snippet.Tags, m.Snippet.CategoryID = title, req.Text, tags, defaultCategory
	m.Status.PrivacyStatus, m.Status.PublishAt = privacy, publishAt
	return m, nil
}

// titleFor is the title the user set, checked, or one derived from the text or file.
func titleFor(req platforms.Request, f platforms.MediaFile) (string, error) {
	if t := strings.TrimSpace(req.Options.Title); t != "" {
		switch n := utf8.RuneCountInString(t); {
		case n > MaxTitleChars:
			return "", invalid(fmt.Sprintf("The video title has %d characters; YouTube allows %d.", n, MaxTitleChars))
		case strings.ContainsAny(t, "<>"):
			return "", invalid("YouTube does not allow < or > in a video title.")
		}
		return t, nil
	}
	t := VideoTitle(req.Text)
	if t == "" {
		t = VideoTitle(strings.TrimSuffix(filepath.Base(f.Path), filepath.Ext(f.Path)))
	}
	if strings.ContainsAny(t, "<>") {
		return "", invalid("YouTube does not allow < or > in a video title; the title comes from the post's first line, so remove them there or set a title.")
	}
	return t, nil
}

// VideoTitle is the title a video without one gets from text: its first non-empty
// line, cut at a word boundary with "…" when longer than 100 characters.
func VideoTitle(text string) string {
	var line string
	for l := range strings.Lines(text) {
		if line = strings.TrimSpace(l); line != "" {
			break
		}
	}
	r := []rune(line)
	if len(r) <= MaxTitleChars {
		return line
	}
	cut := string(r[:MaxTitleChars-1])
	if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRightFunc(cut, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}

// checkDescription applies YouTube's description rules to the post text.
func checkDescription(text string) error {
	switch {
	case len(text) > MaxDescriptionBytes:
		return invalid(fmt.Sprintf("The video description is %d bytes; YouTube allows %d bytes.", len(text), MaxDescriptionBytes))
	case strings.ContainsAny(text, "<>"):
		return invalid("YouTube does not allow < or > in a video description: remove them from the post text.")
	}
	return nil
}

// cleanTags trims the tags, drops empty ones and checks YouTube's 500-character budget.
func cleanTags(in []string) ([]string, error) {
	var tags []string
	for _, t := range in {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	if slices.ContainsFunc(tags, func(t string) bool { return strings.ContainsAny(t, "<>") }) {
		return nil, invalid("YouTube does not allow < or > in video tags.")
	}
	if n := TagsLength(tags); n > MaxTagsChars {
		return nil, invalid(fmt.Sprintf("The video tags take %d characters; YouTube allows %d in all.", n, MaxTagsChars))
	}
	return tags, nil
}

// TagsLength counts tags as YouTube does against its 500-character limit: the commas
// between them count, and a tag with a space counts as if it were quoted.
func TagsLength(tags []string) int {
	n := max(len(tags)-1, 0)
	for _, t := range tags {
		n += utf8.RuneCountInString(t)
		if strings.Contains(t, " ") {
			n += 2
		}
	}
	return n
}

// privacyFor is the privacyStatus and publishAt to send. YouTube publishes a scheduled
// video by making it public at publishAt, so a schedule with unlisted or private
// asked for is refused rather than published to everyone.
func privacyFor(asked string, at time.Time) (string, string, error) {
	p := strings.ToLower(strings.TrimSpace(asked))
	if p != "" && !slices.Contains([]string{"public", "unlisted", "private"}, p) {
		return "", "", invalid(fmt.Sprintf("YouTube has no privacy setting %q: choose public, unlisted or private.", asked))
	}
	if at.IsZero() {
		return cmp.Or(p, "public"), "", nil
	}
	if p != "" && p != "public" {
		return "", "", invalid("YouTube's scheduled publishing makes a video public at the set time, so a " + p +
			" video cannot be scheduled on YouTube: choose public, or let Webox Social publish it at that time.")
	}
	return "private", at.UTC().Format(time.RFC3339), nil
}
