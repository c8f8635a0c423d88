package xcom

import (
	"context"
	"fmt"
	"log/slog"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/text"
)

// threadParts is the text of each tweet of the post: req.Text, then the follow-ups.
func threadParts(req platforms.Request) []string {
	return append([]string{req.Text}, req.Options.Thread...)
}

// checkThread refuses, before anything is sent, a thread X would refuse part-way: a part
// over X's weighted length or with a character X refuses, or a part without text (the
// head may have media instead).
func checkThread(parts []string, media bool) error {
	for i, p := range parts {
		msg := ""
		if probs := text.Validate(model.X, p, text.Options{}); len(probs) > 0 {
			msg = probs[0].Message
		} else if text.IsBlank(p) && (i > 0 || !media) {
			msg = "X needs some text in every post of a thread; this one is empty."
		}
		if msg != "" {
			return invalid(fmt.Sprintf("Post %d of %d in the thread: %s", i+1, len(parts), msg))
		}
	}
	return nil
}

// publishThread publishes req.Text (with the media) and then each part of
// req.Options.Thread as a reply to the tweet before it; the result is the head. It first
// reads back the user's tweets since the attempt started and resumes after the last
// part already out, so a retry after an uncertain failure posts no part twice.
func (c *Connector) publishThread(ctx context.Context, req platforms.Request) (platforms.Result, error) {
	parts := threadParts(req)
	if err := checkThread(parts, len(req.Media) > 0); err != nil {
		return platforms.Result{}, err
	}
	chain, err := c.startThread(ctx, req, parts)
	if err != nil {
		return platforms.Result{}, err
	}
	for len(chain) < len(parts) {
		t, err := c.createTweet(ctx, req.Token, parts[len(chain)], nil, chain[len(chain)-1].ID)
		if err != nil {
			return platforms.Result{}, threadStopped(len(chain), len(parts), err)
		}
		chain = append(chain, t)
	}
	slog.Info("xcom: published a thread", "account_id", req.Account.ID, "tweet_id", chain[0].ID, "parts", len(chain))
	return c.result(req.Account, chain[0]), nil
}

// startThread returns the parts already out, or posts the head when none is. A head
// refused as a duplicate that the read-back then finds (X was slow to list it) counts
// as out.
func (c *Connector) startThread(ctx context.Context, req platforms.Request, parts []string) ([]tweet, error) {
	chain, covered, err := c.readBack(ctx, req, parts)
	switch {
	case err != nil:
		return nil, err
	case len(chain) > 0:
		slog.Info("xcom: resuming a thread", "account_id", req.Account.ID, "tweet_id", chain[0].ID, "parts", len(chain), "of", len(parts))
		return chain, nil
	case !covered:
		return nil, unknowable(req)
	}
	head, err := c.postHead(ctx, req)
	if isDuplicate(err) {
		if chain, _, rerr := c.readBack(ctx, req, parts); rerr == nil && len(chain) > 0 {
			return chain, nil
		}
	}
	if err != nil {
		return nil, err
	}
	return []tweet{head}, nil
}

// threadStopped says how far a thread got before err; the kind, status and uncertainty
// stay err's, so the engine reconciles (and Publish resumes) as for any post.
func threadStopped(done, total int, err error) error {
	pe := platforms.AsError(model.X, err)
	e := *pe
	e.Message = fmt.Sprintf("The thread stopped after %d of %d posts: %s", done, total, pe.Message)
	return &e
}
