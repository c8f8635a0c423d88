package app

import (
	"context"
	"fmt"
	"strings"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/text"
)

// Traits says what the composer offers for one network beyond the text.
type Traits struct {
	// NativeScheduling: the network can hold the post and publish it itself at its
	// time ("let Facebook publish it, even with this computer off").
	NativeScheduling bool
	// FetchesMedia: the network fetches attachments from a public address (Instagram;
	// TikTok photos), so a media host or per-file URLs are needed.
	FetchesMedia bool
	// Formats are the values of TargetOptions.Format, the first being the default.
	Formats []string
	// Title, Tags: YouTube's video title and tags.
	Title, Tags bool
	// Privacy are the fixed TargetOptions.Privacy choices (YouTube); TikTok's come from
	// TikTokPrivacyChoices, per account.
	Privacy []string
	// AskPrivacy: the network requires the user to pick a privacy level each time (TikTok).
	AskPrivacy bool
	// Thread: follow-up posts can be published as replies (X).
	Thread bool
	// NeedsMedia: the network publishes nothing without an attachment.
	NeedsMedia bool
}

// NetworkTraits returns the composer traits of network p.
func (a *App) NetworkTraits(p model.Platform) Traits {
	var t Traits
	if conn, err := a.connectors.Get(p); err == nil {
		_, t.NativeScheduling = conn.(platforms.NativeScheduler)
	}
	switch p {
	case model.Instagram:
		t.FetchesMedia, t.NeedsMedia, t.Formats = true, true, []string{"feed", "reel", "story"}
	case model.TikTok:
		t.FetchesMedia, t.NeedsMedia, t.AskPrivacy, t.Formats = true, true, true, []string{"direct", "inbox"}
	case model.YouTube:
		t.NeedsMedia, t.Title, t.Tags, t.Privacy = true, true, true, []string{"public", "unlisted", "private"}
	case model.X:
		t.Thread = true
	}
	return t
}

// Counter is one live counter of the composer: "X 45/280".
type Counter struct {
	Platform model.Platform
	Count    text.Count
}

// Label is the counter as the composer shows it.
func (c Counter) Label() string {
	return fmt.Sprintf("%s %s/%s", c.Platform.Title(), text.Thousands(c.Count.Used), text.Thousands(c.Count.Limit))
}

// DraftCounters measures, once per network among accounts, the text each would receive
// against the network's main limit, counted exactly as the network counts.
func DraftCounters(d Draft, accounts []model.Account) []Counter {
	var out []Counter
	seen := map[model.Platform]bool{}
	for _, acct := range accounts {
		if seen[acct.Platform] {
			continue
		}
		seen[acct.Platform] = true
		body := model.ComposeText(d.Content, d.Hashtags, d.Overrides[acct.ID])
		out = append(out, Counter{Platform: acct.Platform, Count: text.Measure(acct.Platform, body, text.Options{})})
	}
	return out
}

// MediaHostMissing returns, for the chosen accounts and attachments, a sentence for each
// network that fetches media by address when no media host is set up and the draft gives
// no addresses; empty when nothing is missing.
func (a *App) MediaHostMissing(ctx context.Context, d Draft, accounts []model.Account) []string {
	if !hasMedia(d) || a.mediaHostReady(ctx) {
		return nil
	}
	var out []string
	seen := map[model.Platform]bool{}
	for _, acct := range accounts {
		if seen[acct.Platform] || !a.NetworkTraits(acct.Platform).FetchesMedia || hasURLs(d, acct.ID) {
			continue
		}
		seen[acct.Platform] = true
		out = append(out, fmt.Sprintf("%s fetches images and videos from a public address: set up a media host in "+
			"Settings, or give each file's public address in the %s options.", acct.Platform.Title(), acct.Platform.Title()))
	}
	return out
}

// hasURLs reports whether the draft gives public addresses for the account's attachments.
func hasURLs(d Draft, accountID int64) bool {
	urls := d.Options[accountID].MediaURLs
	if len(urls) == 0 {
		return false
	}
	for _, u := range urls {
		if strings.TrimSpace(u) == "" {
			return false
		}
	}
	return true
}

// PrivacyLister is a connector that knows which privacy levels an account may publish
// with (TikTok's creator_info), so the composer offers only those.
type PrivacyLister interface {
	PrivacyChoices(ctx context.Context, acct model.Account, token string) ([]string, error)
}

// PrivacyChoices returns the privacy levels the account may pick now (TikTok), read live
// from the network; nil for networks with fixed choices (see NetworkTraits).
func (a *App) PrivacyChoices(ctx context.Context, accountID int64) ([]string, error) {
	acct, err := a.store.GetAccount(ctx, accountID)
	if err != nil {
		return nil, err
	}
	conn, err := a.connectors.Get(acct.Platform)
	if err != nil {
		return nil, err
	}
	pl, ok := conn.(PrivacyLister)
	if !ok {
		return nil, nil
	}
	tok, err := (&tokens{app: a}).AccessToken(ctx, acct)
	if err != nil {
		return nil, err
	}
	return pl.PrivacyChoices(ctx, acct, tok)
}
