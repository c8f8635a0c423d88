package app

import (
	"context"
	"slices"

	"webox-social/services/analytics"
	"webox-social/services/model"
	"webox-social/services/text"
)

// The local content analysis, as the views use it.
type (
	// Report is the findings of a draft's analysis.
	Report = analytics.Report
	// Finding is one remark: its network ("" for all), level and sentence.
	Finding = analytics.Finding
)

// Finding levels.
const (
	LevelOK      = analytics.LevelOK
	LevelWarn    = analytics.LevelWarn
	LevelProblem = analytics.LevelProblem
)

// Analyze reports, without any AI, how the draft fits each chosen account's network:
// length, hashtags, mentions, links, emojis, readability, call to action and missing
// media. Accounts with their own text are analysed with that text. It reads the
// attachments' headers from disk: call it off the UI goroutine.
func (a *App) Analyze(ctx context.Context, d Draft, accounts []model.Account) (Report, error) {
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	infos, _, _ := a.probeDraft(d)
	var out Report
	for _, g := range textGroups(d, accounts) {
		for _, f := range analytics.Analyze(g.text, g.networks, infos).Items {
			if !slices.Contains(out.Items, f) {
				out.Items = append(out.Items, f)
			}
		}
	}
	return out, nil
}

// textGroup is a text and the networks that receive it.
type textGroup struct {
	text     string
	networks []model.Platform
}

// textGroups groups the accounts' networks by the text each account receives, in the
// accounts' order; with no account, the main text is analysed for no network.
func textGroups(d Draft, accounts []model.Account) []textGroup {
	if len(accounts) == 0 {
		return []textGroup{{text: model.ComposeText(d.Content, d.Hashtags, "")}}
	}
	var out []textGroup
	for _, acct := range accounts {
		body := model.ComposeText(d.Content, d.Hashtags, d.Overrides[acct.ID])
		i := slices.IndexFunc(out, func(g textGroup) bool { return g.text == body })
		if i < 0 {
			out = append(out, textGroup{text: body})
			i = len(out) - 1
		}
		if !slices.Contains(out[i].networks, acct.Platform) {
			out[i].networks = append(out[i].networks, acct.Platform)
		}
	}
	return out
}

// localHashtags picks hashtags from the text's own keywords, normalised for network p.
func localHashtags(content string, p model.Platform, count int) []string {
	tags := text.NormalizeHashtags(analytics.LocalHashtags(content, p, count), p)
	if len(tags) > count {
		tags = tags[:count]
	}
	return tags
}
