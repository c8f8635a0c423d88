// Package platforms defines what every network connector implements (Connector), the one
// error type connectors return so the delivery engine can decide what to do (Error), and
// a small registry keyed by platform.
package platforms

import (
	"context"
	"errors"
	"time"

	"webox-social/services/model"
)

// MediaFile is one attachment handed to a connector, already copied into the data dir.
type MediaFile struct {
	Path       string
	Mime       string
	AltText    string
	Width      int
	Height     int
	Size       int64 // bytes
	DurationMS int64 // video length; 0 for images
}

// MediaHost makes a local file reachable at a short-lived public URL, for networks that
// fetch media themselves instead of accepting an upload (Instagram, TikTok photos).
type MediaHost interface {
	// Share puts the file where the network can fetch it and returns its URL, valid for
	// at least an hour, and a func that removes it once the network has it.
	Share(ctx context.Context, f MediaFile) (url string, remove func(context.Context) error, err error)
}

// ErrNoMediaHost is returned (wrapped in a Permanent *Error) by connectors that need a
// MediaHost when none is set up.
var ErrNoMediaHost = errors.New("no media host is set up")

// Request is everything a connector needs for one delivery attempt of one target.
type Request struct {
	Account    model.Account
	Token      string // the access token, read from the keychain just before the call
	Text       string // the final text for this network (override or post content + hashtags)
	Media      []MediaFile
	AttemptKey string    // stable across retries of the same target: idempotency key / record key
	StartedAt  time.Time // when the first attempt with this key started (for reconciliation windows)
	Options    model.TargetOptions
	// ScheduleAt, when set, asks a NativeScheduler to hand the post to the network to go
	// out at this time (Options.Native); zero publishes now.
	ScheduleAt time.Time
}

// Result is what a network answers for a published post.
type Result struct {
	PlatformPostID string
	Permalink      string
	PublishedAt    time.Time
	// Scheduled is true when the network accepted the post to publish at
	// Request.ScheduleAt: PlatformPostID then names the scheduled item and the engine
	// later asks NativeScheduler.Confirm whether it went out.
	Scheduled bool
}

// Connector publishes to one network. Implementations live in services/platforms/<name>.
type Connector interface {
	// Platform is the network this connector talks to.
	Platform() model.Platform
	// Publish sends one post. Errors are *Error values.
	Publish(ctx context.Context, req Request) (Result, error)
	// Reconcile finds out whether an earlier attempt with req.AttemptKey went out, after a
	// crash or a timeout. found=false with a nil error means "known not published: safe to
	// retry"; a non-nil error means the outcome cannot be known.
	Reconcile(ctx context.Context, req Request) (res Result, found bool, err error)
	// Delete removes a published post (or one scheduled on the network). A network whose
	// API cannot delete answers a Permanent *Error wrapping model.ErrUnsupported that says
	// where the user can delete it instead.
	Delete(ctx context.Context, acct model.Account, token, platformPostID string) error
}

// NativeScheduler is a Connector whose network can hold a post and publish it at a set
// time (Facebook scheduled_publish_time, YouTube publishAt, Mastodon scheduled_at).
type NativeScheduler interface {
	Connector
	// NativeWindow is how far ahead of time the network accepts a scheduled post: at
	// least min and at most max before it goes out.
	NativeWindow() (min, max time.Duration)
	// Confirm asks whether the post scheduled as platformPostID has gone out. published
	// is false (with a nil error) while it is still waiting; res names the published post.
	Confirm(ctx context.Context, req Request, platformPostID string) (res Result, published bool, err error)
}

// Registry maps a platform to its connector.
type Registry map[model.Platform]Connector

// Get returns the connector for p, or an error wrapping model.ErrNotFound.
func (r Registry) Get(p model.Platform) (Connector, error) {
	c, ok := r[p]
	if !ok {
		return nil, &Error{Platform: p, Kind: Permanent, Message: "this network is not supported yet", Err: model.ErrNotFound}
	}
	return c, nil
}
