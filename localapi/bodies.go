package localapi

import (
	"time"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/wire"
)

// The request and answer bodies of the routes that are not one of package wire's
// resources. Each has a name, so the OpenAPI document describes it (openapi.go).

// postInput is the body of POST posts, PUT posts/{id} and POST analyze/content.
type postInput struct {
	Content       string           `json:"content,omitempty"`
	Hashtags      []string         `json:"hashtags,omitempty"`
	AccountIDs    []int64          `json:"account_ids,omitempty" jsonschema:"description=Accounts to post to (see GET accounts)."`
	Platforms     []string         `json:"platforms,omitempty" jsonschema:"description=The seed's networks: every connected account of each."`
	Overrides     map[int64]string `json:"overrides,omitempty" jsonschema:"description=Own text of an account (by account id)."`
	MediaPaths    []string         `json:"media_paths,omitempty" jsonschema:"description=Files on this computer to attach."`
	MediaURLs     []string         `json:"media_urls,omitempty" jsonschema:"description=The seed's media: web addresses (downloaded once) or paths."`
	MediaIDs      []int64          `json:"media_ids,omitempty" jsonschema:"description=Files already attached to a post (see media_ids of a post)."`
	ScheduledTime *time.Time       `json:"scheduled_time,omitempty" jsonschema:"description=RFC 3339 time to publish at; none keeps a draft."`
	Zone          string           `json:"zone,omitempty" jsonschema:"description=IANA time zone the time was chosen in (default: the app's)."`
}

func (in postInput) draft() app.Draft {
	d := app.Draft{Content: in.Content, Hashtags: in.Hashtags, AccountIDs: in.AccountIDs,
		Overrides: in.Overrides, MediaPaths: in.MediaPaths, MediaIDs: in.MediaIDs, Zone: in.Zone}
	if in.ScheduledTime != nil {
		d.ScheduledAt = *in.ScheduledTime
	}
	return d
}

// disconnectInput is the body of POST disconnect/{platform}.
type disconnectInput struct {
	AccountID int64 `json:"account_id"`
}

// passwordInput is the body of POST connect/{platform} (Bluesky's app password).
type passwordInput struct {
	Identifier  string `json:"identifier"`
	Password    string `json:"password"`
	InstanceURL string `json:"instance_url,omitempty"`
}

// callbackInput is the body of POST callback/{platform}: where the browser ended.
type callbackInput struct {
	ConnectionID string `json:"connection_id"`
	URL          string `json:"url"`
}

// scheduleInput is the body of POST posts/{id}/schedule.
type scheduleInput struct {
	ScheduledTime time.Time `json:"scheduled_time"`
	Zone          string    `json:"zone,omitempty"`
}

// captionInput is the body of POST generate/caption.
type captionInput struct {
	Topic        string           `json:"topic"`
	Tone         string           `json:"tone,omitempty"`
	Language     string           `json:"language,omitempty"`
	Length       string           `json:"length,omitempty"`
	Platforms    []model.Platform `json:"platforms"`
	Alternatives int              `json:"alternatives,omitempty"`
}

// hashtagsInput is the body of POST generate/hashtags.
type hashtagsInput struct {
	Content  string         `json:"content"`
	Platform model.Platform `json:"platform"`
	Count    int            `json:"count,omitempty"`
}

// timesInput is the body of POST suggest/times.
type timesInput struct {
	AccountIDs []int64 `json:"account_ids"`
}

// accountsOut lists accounts.
type accountsOut struct {
	Accounts []wire.Account `json:"accounts"`
}

// postsOut lists posts.
type postsOut struct {
	Posts []wire.Post `json:"posts"`
}

// captionsOut are the texts written for each network.
type captionsOut struct {
	Captions map[model.Platform][]string `json:"captions"`
}

// hashtagsOut are the suggested tags; local is true when they come from the local
// keyword suggestion because AI is not set up.
type hashtagsOut struct {
	Hashtags []string `json:"hashtags"`
	Local    bool     `json:"local"`
}

// timesOut is the suggested time to post.
type timesOut struct {
	ScheduledTime    time.Time `json:"scheduled_time"`
	Zone             string    `json:"zone"`
	Platform         string    `json:"platform"`
	PostsWithMetrics int       `json:"posts_with_metrics"`
}

// analysisOut is what the analysis of a draft found; level is the worst finding's.
type analysisOut struct {
	Level    string        `json:"level"`
	Findings []findingJSON `json:"findings"`
}

// findingJSON is one finding of the analysis.
type findingJSON struct {
	Platform string `json:"platform"`
	Level    string `json:"level"`
	Message  string `json:"message"`
}

// engagementOut is engagement over time, a point a day.
type engagementOut struct {
	Points []wire.EngagementPoint `json:"points"`
}

// growthOut is each account's follower growth.
type growthOut struct {
	Series []wire.FollowerSeries `json:"series"`
}

// bestPostsOut are the period's best posts.
type bestPostsOut struct {
	Posts []wire.BestPost `json:"posts"`
}
