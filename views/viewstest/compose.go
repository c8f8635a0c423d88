package viewstest

import (
	"context"
	"fmt"
	"strings"

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
