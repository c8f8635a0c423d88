package app

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"webox-social/services/mediainfo"
	"webox-social/services/model"
	"webox-social/services/text"
)

// postFromDraft validates a draft and turns it into a post with one target per account.
func (a *App) postFromDraft(ctx context.Context, d Draft) (model.Post, error) {
	scheduled := !d.ScheduledAt.IsZero()
	if strings.TrimSpace(d.Content) == "" && !hasMedia(d) {
		return model.Post{}, invalid("Write something or attach a file before saving the post.")
	}
	if scheduled {
		if err := a.checkTime(d.ScheduledAt, d.Zone); err != nil {
			return model.Post{}, err
		}
		if len(d.AccountIDs) == 0 {
			return model.Post{}, invalid("Pick at least one account to publish to.")
		}
	}
	accounts, err := a.accountsByID(ctx, d.AccountIDs)
	if err != nil {
		return model.Post{}, err
	}
	if scheduled {
		if err := a.checkReady(d, accounts); err != nil {
			return model.Post{}, err
		}
		if err := a.checkPublishers(accounts); err != nil {
			return model.Post{}, err
		}
	}
	media, err := a.importMedia(ctx, d.MediaPaths, d.AltTexts)
	if err != nil {
		return model.Post{}, err
	}
	return a.buildPost(d, accounts, append(slices.Clone(d.MediaIDs), media...)), nil
}

func hasMedia(d Draft) bool { return len(d.MediaPaths)+len(d.MediaIDs) > 0 }

func (a *App) buildPost(d Draft, accounts []model.Account, media []int64) model.Post {
	p := model.Post{WorkspaceID: a.CurrentWorkspace().ID, Content: d.Content, Hashtags: d.Hashtags,
		MediaIDs: media, ScheduledAt: d.ScheduledAt, Zone: d.Zone}
	for _, acct := range accounts {
		t := model.Target{AccountID: acct.ID, Platform: acct.Platform, TextOverride: d.Overrides[acct.ID],
			Status: model.TargetDraft, Options: d.Options[acct.ID]}
		if !d.ScheduledAt.IsZero() {
			t.Status, t.NextAttemptAt = model.TargetPending, d.ScheduledAt
		}
		if t.Options.Native && t.NextAttemptAt.After(a.now()) {
			t.NextAttemptAt = a.now() // handed over to the network at once
		}
		p.Targets = append(p.Targets, t)
	}
	return p
}

// CheckDraft returns the sentences that stop a draft from being published on the given
// accounts (text, thread, title and media rules per network, read from the files
// themselves); empty means it fits everywhere.
func (a *App) CheckDraft(d Draft, accounts []model.Account) []string {
	return append(CheckText(d, accounts), a.checkMedia(d, accounts)...)
}

// CheckText validates the texts each account would receive (the post, an X thread's
// follow-ups, a YouTube title) against its network's rules.
func CheckText(d Draft, accounts []model.Account) []string {
	var out sentences
	for _, acct := range accounts {
		body := model.ComposeText(d.Content, d.Hashtags, d.Overrides[acct.ID])
		if strings.TrimSpace(body) != "" || !hasMedia(d) {
			out.add(text.Validate(acct.Platform, body, text.Options{}))
		}
		opts := d.Options[acct.ID]
		for _, part := range opts.Thread {
			out.add(text.Validate(acct.Platform, part, text.Options{}))
		}
		if acct.Platform == model.YouTube && opts.Title != "" {
			out.add(text.ValidateYouTubeTitle(opts.Title))
		}
	}
	return out.list
}

// checkMedia checks the attachments against each account's network limits (type, size,
// dimensions, aspect ratio, duration, count). A file that cannot be read is reported once.
func (a *App) checkMedia(d Draft, accounts []model.Account) []string {
	infos, names, problems := a.probeDraft(d)
	out := sentences{list: problems}
	for _, acct := range accounts {
		for _, p := range mediainfo.Check(acct.Platform, infos, names, d.Options[acct.ID]) {
			out.addOne(p.Message)
		}
	}
	return out.list
}

// probeDraft reads the facts of the draft's attachments: files on disk are probed, files
// already in the data dir come from the media table.
func (a *App) probeDraft(d Draft) (infos []mediainfo.Info, names []string, problems []string) {
	if len(d.MediaIDs) > 0 {
		stored, err := a.store.GetMedia(context.Background(), d.MediaIDs)
		if err != nil {
			problems = append(problems, "The attached files could not be read from the data folder: "+err.Error())
		}
		for _, m := range stored {
			infos = append(infos, mediainfo.Info{Mime: m.Mime, Size: m.Size, Width: m.Width, Height: m.Height,
				DurationMS: m.DurationMS, Animated: m.Mime == "image/gif" && m.DurationMS > 0})
			names = append(names, filepath.Base(m.Path))
		}
	}
	for _, path := range d.MediaPaths {
		info, err := mediainfo.Probe(path)
		if err != nil {
			problems = append(problems, sentence(err.Error()))
			continue
		}
		infos, names = append(infos, info), append(names, filepath.Base(path))
	}
	return infos, names, problems
}

// sentences collects user sentences once each, in order.
type sentences struct {
	list []string
	seen map[string]bool
}

func (s *sentences) add(problems []text.Problem) {
	for _, p := range problems {
		s.addOne(p.Message)
	}
}

func (s *sentences) addOne(msg string) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if !s.seen[msg] {
		s.seen[msg] = true
		s.list = append(s.list, msg)
	}
}

// checkTime refuses a time in the past and an unknown zone.
func (a *App) checkTime(at time.Time, zone string) error {
	loc, err := loadZone(zone)
	if err != nil {
		return err
	}
	if at.Before(a.now().Add(-schedulingGrace)) {
		return invalid(fmt.Sprintf("The time you picked, %s, is in the past. Pick a later time or use Publish now.",
			at.In(loc).Format("Mon 2 Jan 2006 15:04 MST")))
	}
	return nil
}

// checkPublishable refuses a post without targets or on accounts needing reconnection.
func (a *App) checkPublishable(ctx context.Context, p model.Post) error {
	if len(p.Targets) == 0 {
		return invalid("Pick at least one account to publish to.")
	}
	ids := make([]int64, 0, len(p.Targets))
	for _, t := range p.Targets {
		ids = append(ids, t.AccountID)
	}
	accounts, err := a.accountsByID(ctx, ids)
	if err != nil {
		return err
	}
	d := Draft{Content: p.Content, Hashtags: p.Hashtags, MediaIDs: p.MediaIDs, Overrides: map[int64]string{},
		Options: map[int64]model.TargetOptions{}}
	for _, t := range p.Targets {
		d.Overrides[t.AccountID], d.Options[t.AccountID] = t.TextOverride, t.Options
	}
	if err := a.checkReady(d, accounts); err != nil {
		return err
	}
	return a.checkPublishers(accounts)
}

// checkReady refuses a draft a network would refuse and accounts needing reconnection.
func (a *App) checkReady(d Draft, accounts []model.Account) error {
	if problems := a.CheckDraft(d, accounts); len(problems) > 0 {
		return invalid(strings.Join(problems, " "))
	}
	return checkAccountsUsable(accounts)
}

// checkPublishers refuses accounts on networks Webox Social cannot publish to yet, at
// scheduling time rather than when the post comes due.
func (a *App) checkPublishers(accounts []model.Account) error {
	for _, acct := range accounts {
		if _, ok := a.connectors[acct.Platform]; !ok {
			return invalid(fmt.Sprintf("Publishing to %s is not available in this version yet: untick %s to schedule this post.",
				acct.Platform.Title(), accountLabel(acct)))
		}
	}
	return nil
}

func checkAccountsUsable(accounts []model.Account) error {
	for _, acct := range accounts {
		if acct.Status != model.AccountOK {
			return invalid(fmt.Sprintf("%s on %s needs to be reconnected in Accounts before it can publish.",
				accountLabel(acct), acct.Platform.Title()))
		}
	}
	return nil
}

func (a *App) accountsByID(ctx context.Context, ids []int64) ([]model.Account, error) {
	out := make([]model.Account, 0, len(ids))
	for _, id := range ids {
		acct, err := a.store.GetAccount(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("account %d: %w", id, err)
		}
		out = append(out, acct)
	}
	return out, nil
}

func accountLabel(a model.Account) string {
	if a.Handle != "" {
		return a.Handle
	}
	return a.Name
}
