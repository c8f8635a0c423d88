package localapi

import (
	"time"

	"webox-social/app"
)

// The answers' shapes are in package wire (shared with the command line); this file
// holds what only the API reads.

// postInput is the body of POST /posts and PUT /posts/{id}.
type postInput struct {
	Content       string           `json:"content"`
	Hashtags      []string         `json:"hashtags"`
	AccountIDs    []int64          `json:"account_ids"`
	Platforms     []string         `json:"platforms"` // the seed's: every connected account of each network
	Overrides     map[int64]string `json:"overrides"`
	MediaPaths    []string         `json:"media_paths"`
	MediaURLs     []string         `json:"media_urls"` // the seed's: https addresses (downloaded) or paths
	MediaIDs      []int64          `json:"media_ids"`
	ScheduledTime *time.Time       `json:"scheduled_time"`
	Zone          string           `json:"zone"`
}

func (in postInput) draft() app.Draft {
	d := app.Draft{Content: in.Content, Hashtags: in.Hashtags, AccountIDs: in.AccountIDs,
		Overrides: in.Overrides, MediaPaths: in.MediaPaths, MediaIDs: in.MediaIDs, Zone: in.Zone}
	if in.ScheduledTime != nil {
		d.ScheduledAt = *in.ScheduledTime
	}
	return d
}
