// Package model holds the plain data types shared by every layer of Webox Social:
// workspaces, accounts, posts and their per-account targets, delivery attempts and media.
// It has no behaviour beyond small derivations and imports nothing internal.
package model

import "time"

// Platform names a social network. The values are the seed's platform names.
type Platform string

// The networks Webox Social publishes to.
const (
	Mastodon  Platform = "mastodon"
	Bluesky   Platform = "bluesky"
	Instagram Platform = "instagram"
	Facebook  Platform = "facebook"
	X         Platform = "twitter"
	LinkedIn  Platform = "linkedin"
	TikTok    Platform = "tiktok"
	YouTube   Platform = "youtube"
)

// Platforms lists every supported network in display order.
var Platforms = []Platform{Instagram, Facebook, X, LinkedIn, TikTok, YouTube, Mastodon, Bluesky}

// Title is the network's display name.
func (p Platform) Title() string {
	switch p {
	case Mastodon:
		return "Mastodon"
	case Bluesky:
		return "Bluesky"
	case Instagram:
		return "Instagram"
	case Facebook:
		return "Facebook"
	case X:
		return "X"
	case LinkedIn:
		return "LinkedIn"
	case TikTok:
		return "TikTok"
	case YouTube:
		return "YouTube"
	}
	return string(p)
}

// Workspace groups accounts and posts, one per client or brand (the seed's user_id).
type Workspace struct {
	ID        int64
	Name      string
	CreatedAt time.Time
}

// AccountStatus says whether an account can publish.
type AccountStatus string

// Account statuses.
const (
	AccountOK              AccountStatus = "ok"
	AccountReconnectNeeded AccountStatus = "reconnect_needed"
	AccountDisabled        AccountStatus = "disabled"
)

// Account is a connected social account. Tokens are never part of it: they live in the
// keychain under SecretKey(id, "access") and SecretKey(id, "refresh").
type Account struct {
	ID          int64
	WorkspaceID int64
	Platform    Platform
	RemoteID    string // the network's account id (seed: account_id)
	Name        string // display name (seed: account_name)
	Handle      string // @user or @user@instance
	AvatarURL   string
	InstanceURL string // Mastodon instance or Bluesky PDS base URL; empty elsewhere
	Scopes      []string
	ExpiresAt   time.Time // zero: the token does not expire
	Status      AccountStatus
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// PostStatus is a post's status, derived from its targets.
type PostStatus string

// Post statuses (the seed's plus what a scheduler needs).
const (
	PostDraft              PostStatus = "draft"
	PostScheduled          PostStatus = "scheduled"
	PostPublishing         PostStatus = "publishing"
	PostPublished          PostStatus = "published"
	PostPartiallyPublished PostStatus = "partially_published"
	PostFailed             PostStatus = "failed"
	PostCancelled          PostStatus = "cancelled"
	PostMissed             PostStatus = "missed"
	PostUnconfirmed        PostStatus = "unconfirmed"
)

// TargetStatus is the delivery state of one post on one account.
type TargetStatus string

// Target statuses. Draft targets are never picked up by the publisher.
const (
	TargetDraft       TargetStatus = "draft"
	TargetPending     TargetStatus = "pending"
	TargetPublishing  TargetStatus = "publishing"
	TargetPublished   TargetStatus = "published"
	TargetFailed      TargetStatus = "failed"
	TargetCancelled   TargetStatus = "cancelled"
	TargetUnconfirmed TargetStatus = "unconfirmed"
	TargetMissed      TargetStatus = "missed"
)

// Post is one composition, published to one or more accounts through its targets.
type Post struct {
	ID           int64
	WorkspaceID  int64
	Content      string
	Hashtags     []string
	MediaIDs     []int64
	ScheduledAt  time.Time // zero for a draft or "publish now"
	Zone         string    // IANA zone the user scheduled in, e.g. "Europe/Paris"
	Status       PostStatus
	PublishedAt  time.Time
	ErrorMessage string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Targets      []Target
}

// Target is the outbox row for one (post, account) pair.
type Target struct {
	ID             int64
	PostID         int64
	AccountID      int64
	Platform       Platform
	TextOverride   string
	Status         TargetStatus
	Attempts       int
	NextAttemptAt  time.Time
	LeaseUntil     time.Time
	AttemptKey     string
	PlatformPostID string
	Permalink      string
	LastError      string
	PublishedAt    time.Time
	Options        TargetOptions
}

// TargetOptions are the per-network choices of one target, stored as JSON beside it.
// Zero values mean the network's defaults.
type TargetOptions struct {
	// Title is the YouTube video title (the post text's first line when empty).
	Title string `json:"title,omitempty"`
	// Tags are YouTube video tags.
	Tags []string `json:"tags,omitempty"`
	// Privacy is YouTube's privacyStatus (public, unlisted, private) or TikTok's
	// privacy_level (PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR, SELF_ONLY).
	Privacy string `json:"privacy,omitempty"`
	// Format chooses what to publish: Instagram "feed" (default), "reel" or "story";
	// TikTok "direct" (default) or "inbox" (upload to the creator's inbox to finish in the app).
	Format string `json:"format,omitempty"`
	// Thread holds the follow-up posts published as replies under the first one (X).
	Thread []string `json:"thread,omitempty"`
	// Native hands the schedule to the network (Facebook scheduled_publish_time, YouTube
	// publishAt, Mastodon scheduled_at) so it goes out with the computer off; the engine
	// sends it ahead of time and then only confirms it went out.
	Native bool `json:"native,omitempty"`
	// MediaURLs are public addresses of the attachments, in order, given by the user for
	// networks that fetch media by URL (Instagram, TikTok photos) when no media host is set up.
	MediaURLs []string `json:"media_urls,omitempty"`
	// DisableComments, DisableDuet and DisableStitch are TikTok's interaction settings.
	DisableComments bool `json:"disable_comments,omitempty"`
	DisableDuet     bool `json:"disable_duet,omitempty"`
	DisableStitch   bool `json:"disable_stitch,omitempty"`
}

// Attempt is one delivery attempt of a target: the per-post error log.
type Attempt struct {
	ID         int64
	TargetID   int64
	Key        string
	StartedAt  time.Time
	EndedAt    time.Time // zero while in flight (or when the process died)
	Outcome    string    // published, retry, failed, auth, unconfirmed, reconciled, missed
	HTTPStatus int
	ErrorText  string
}

// Media is a file copied into the data dir and attached to posts.
type Media struct {
	ID          int64
	WorkspaceID int64
	Path        string // absolute path inside the data dir
	Mime        string
	Size        int64
	Width       int
	Height      int
	DurationMS  int64
	SHA256      string
	AltText     string
	CreatedAt   time.Time
}

// PostFilter selects posts for List. Zero fields do not filter.
type PostFilter struct {
	WorkspaceID int64
	Status      PostStatus
	AccountID   int64
	From, To    time.Time // on scheduled_at, [From, To); unscheduled posts never fall in a range
	Limit       int
	// Query keeps posts whose text or any per-account text contains it, ignoring case.
	Query string
	// Platform keeps posts with at least one target on that network.
	Platform Platform
}

// QueueSlot is one weekly time of an account's posting schedule (Buffer's queue): a
// weekday and a time of day, read in the account's zone.
type QueueSlot struct {
	Weekday time.Weekday
	// Minute is the time of day in minutes after midnight, 0 to 1439 (9:30 is 570).
	Minute int
}
