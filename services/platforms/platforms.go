// Package platforms defines what every network connector implements (Connector), the one
// error type connectors return so the delivery engine can decide what to do (Error), and
// a small registry keyed by platform.
package platforms

import (
	"context"
	"time"

	"webox-social/services/model"
)

// MediaFile is one attachment handed to a connector, already copied into the data dir.
type MediaFile struct {
	Path    string
	Mime    string
	AltText string
	Width   int
	Height  int
}

// Request is everything a connector needs for one delivery attempt of one target.
type Request struct {
	Account    model.Account
	Token      string // the access token, read from the keychain just before the call
	Text       string // the final text for this network (override or post content + hashtags)
	Media      []MediaFile
	AttemptKey string    // stable across retries of the same target: idempotency key / record key
	StartedAt  time.Time // when the first attempt with this key started (for reconciliation windows)
}

// Result is what a network answers for a published post.
type Result struct {
	PlatformPostID string
	Permalink      string
	PublishedAt    time.Time
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
	// Delete removes a published post.
	Delete(ctx context.Context, acct model.Account, token, platformPostID string) error
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
