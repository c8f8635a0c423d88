package viewstest

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"webox-social/app"
	"webox-social/services/model"
)

// DefaultTraits are the composer traits the fake gives network p, like the core's with
// native scheduling on Facebook, YouTube and Mastodon.
func DefaultTraits(p model.Platform) app.Traits {
	var t app.Traits
	switch p {
	case model.Instagram:
		t.FetchesMedia, t.NeedsMedia, t.Formats = true, true, []string{"feed", "reel", "story"}
	case model.TikTok:
		t.FetchesMedia, t.NeedsMedia, t.AskPrivacy, t.Formats = true, true, true, []string{"direct", "inbox"}
	case model.YouTube:
		t.NeedsMedia, t.Title, t.Tags, t.Privacy = true, true, true, []string{"public", "unlisted", "private"}
		t.NativeScheduling = true
	case model.X:
		t.Thread = true
	case model.Facebook, model.Mastodon:
		t.NativeScheduling = true
	}
	return t
}

// NetworkTraits returns Traits[p], or DefaultTraits(p).
func (c *Core) NetworkTraits(p model.Platform) app.Traits {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.Traits[p]; ok {
		return t
	}
	return DefaultTraits(p)
}

// MediaHostMissing works like the core's: unless HostReady, a sentence per chosen network
// that fetches media when the draft has attachments and no addresses for that account.
func (c *Core) MediaHostMissing(_ context.Context, d app.Draft, accounts []model.Account) []string {
	c.mu.Lock()
	ready := c.HostReady
	c.mu.Unlock()
	if ready || len(d.MediaPaths)+len(d.MediaIDs) == 0 {
		return nil
	}
	var out []string
	seen := map[model.Platform]bool{}
	for _, a := range accounts {
		if seen[a.Platform] || !c.NetworkTraits(a.Platform).FetchesMedia || hasURLs(d.Options[a.ID].MediaURLs) {
			continue
		}
		seen[a.Platform] = true
		out = append(out, fmt.Sprintf("%s fetches images and videos from a public address: set up a media host in "+
			"Settings, or give each file's public address in the %s options.", a.Platform.Title(), a.Platform.Title()))
	}
	return out
}

func hasURLs(urls []string) bool {
	for _, u := range urls {
		if strings.TrimSpace(u) == "" {
			return false
		}
	}
	return len(urls) > 0
}

// PrivacyChoices records the call and returns Privacy[accountID] or PrivacyErr.
func (c *Core) PrivacyChoices(_ context.Context, accountID int64) ([]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.PrivacyAsked = append(c.PrivacyAsked, accountID)
	if c.PrivacyErr != nil {
		return nil, c.PrivacyErr
	}
	return append([]string(nil), c.Privacy[accountID]...), nil
}

// MediaHostSettings returns Host.
func (c *Core) MediaHostSettings(context.Context) (app.MediaHostSettings, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Host, c.Err
}

// SaveMediaHost records s and makes it Host, like the core: the secret is not kept in
// the settings, an empty one keeps the stored one.
func (c *Core) SaveMediaHost(_ context.Context, s app.MediaHostSettings) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Err != nil {
		return c.Err
	}
	c.HostSaves = append(c.HostSaves, s)
	has := c.Host.HasSecret || s.SecretAccessKey != ""
	s.SecretAccessKey, s.HasSecret = "", has
	c.Host = s
	return nil
}

// TestMediaHost counts the call and returns HostTestErr.
func (c *Core) TestMediaHost(context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.HostTests++
	return c.HostTestErr
}

// DeletePostEverywhere records id and, unless RemoteErr is set, removes the post and
// returns Remote.
func (c *Core) DeletePostEverywhere(ctx context.Context, id int64) (app.RemoteDeletion, error) {
	c.mu.Lock()
	c.DeletedEverywhere = append(c.DeletedEverywhere, id)
	remote, failure := c.Remote, c.RemoteErr
	c.mu.Unlock()
	if failure != nil {
		return app.RemoteDeletion{}, failure
	}
	return remote, c.DeletePost(ctx, id)
}

// ComposeFake holds the answers and the records of the composer's methods in this file:
// set its fields (through Core.Compose) before use.
type ComposeFake struct {
	mu sync.Mutex
	// Probes are ProbeMedia's answers by path; a path not listed is read as a 1080×1080
	// image, or for a video extension a 1920×1080 video of 42 s. ProbeErr is returned
	// instead when set.
	Probes   map[string]model.Media
	ProbeErr error
	// Files are Media's answers by ID; a missing ID is an error wrapping model.ErrNotFound.
	Files map[int64]model.Media
	// QueueAt and QueueZone are the next free slot: AddToQueue creates the post there.
	// While QueueAt is zero it returns the core's sentence that no schedule is set up.
	QueueAt   time.Time
	QueueZone string

	Queued []app.Draft
}

// composeFakes are the ComposeFake of each Core (fake.go is shared, so the composer's
// state lives beside it).
var composeFakes sync.Map // *Core → *ComposeFake

// Compose returns the composer's part of the fake.
func (c *Core) Compose() *ComposeFake {
	v, _ := composeFakes.LoadOrStore(c, &ComposeFake{})
	return v.(*ComposeFake)
}

// sentenceError is an error whose text is a sentence for the user, like the core's
// validation errors (app.UserMessage shows it as is).
type sentenceError string

func (e sentenceError) Error() string { return string(e) }
func (e sentenceError) Unwrap() error { return model.ErrInvalid }

// The core's sentences while AI and the queue are not set up.
const (
	AINotSetUp = sentenceError("AI is not set up: add an OpenAI-compatible endpoint, a model and a key in Settings.")
	NoSchedule = sentenceError("No posting schedule is set up yet: add time slots to the account first.")
)

// ProbeMedia returns Probes[path], a made-up image or video, or ProbeErr.
func (c *Core) ProbeMedia(path string) (model.Media, error) {
	f := c.Compose()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ProbeErr != nil {
		return model.Media{}, f.ProbeErr
	}
	if m, ok := f.Probes[path]; ok {
		return m, nil
	}
	if slices.Contains([]string{".mp4", ".mov", ".m4v", ".webm"}, strings.ToLower(filepath.Ext(path))) {
		return model.Media{Path: path, Mime: "video/mp4", Size: 12_400_000, Width: 1920, Height: 1080, DurationMS: 42_000}, nil
	}
	return model.Media{Path: path, Mime: "image/jpeg", Size: 245_000, Width: 1080, Height: 1080}, nil
}

// Media returns Files for ids, in order.
func (c *Core) Media(_ context.Context, ids []int64) ([]model.Media, error) {
	f := c.Compose()
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]model.Media, 0, len(ids))
	for _, id := range ids {
		m, ok := f.Files[id]
		if !ok {
			return nil, fmt.Errorf("fake: media %d: %w", id, model.ErrNotFound)
		}
		out = append(out, m)
	}
	return out, nil
}

// AddToQueue records d and creates the post at QueueAt in QueueZone, or returns
// NoSchedule while QueueAt is zero.
func (c *Core) AddToQueue(ctx context.Context, d app.Draft) (model.Post, error) {
	f := c.Compose()
	f.mu.Lock()
	f.Queued = append(f.Queued, d)
	at, zone := f.QueueAt, f.QueueZone
	f.mu.Unlock()
	if at.IsZero() {
		return model.Post{}, NoSchedule
	}
	d.ScheduledAt, d.Zone = at, zone
	return c.CreatePost(ctx, d)
}
