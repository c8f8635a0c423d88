package tiktok

import (
	"context"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// publishPhotos posts photos, which TikTok only takes by PULL_FROM_URL: each comes from
// req.Options.MediaURLs or is shared through the media host, and shared copies are
// removed once TikTok is done with the post. The text goes in the description; the
// photo title (at most 90 characters) is req.Options.Title.
func (c *Connector) publishPhotos(ctx context.Context, req platforms.Request, at *attempt, info map[string]any) (platforms.Result, error) {
	urls, remove, err := c.photoURLs(ctx, req)
	defer remove()
	if err != nil {
		return platforms.Result{}, err
	}
	at.source = "PULL_FROM_URL"
	mode := "MEDIA_UPLOAD"
	if !at.inbox {
		mode, info["auto_add_music"] = "DIRECT_POST", true
	} else {
		info = map[string]any{}
	}
	info["title"], info["description"] = req.Options.Title, req.Text
	body := map[string]any{"media_type": "PHOTO", "post_mode": mode, "post_info": info,
		"source_info": map[string]any{"source": at.source, "photo_images": urls, "photo_cover_index": 0}}
	if err := c.initPost(ctx, req, at, "/v2/post/publish/content/init/", body); err != nil {
		return platforms.Result{}, err
	}
	return c.finish(ctx, req, at)
}

// photoURLs returns a public URL per photo and a func removing those it shared. Without
// a URL for every photo and without a media host it refuses before sharing anything.
func (c *Connector) photoURLs(ctx context.Context, req platforms.Request) ([]string, func(), error) {
	given := req.Options.MediaURLs
	if c.a.pub.host == nil {
		for i := range req.Media {
			if i >= len(given) || given[i] == "" {
				return nil, func() {}, &platforms.Error{Platform: model.TikTok, Kind: platforms.Permanent,
					Err: platforms.ErrNoMediaHost, Message: msgNoMediaHost}
			}
		}
	}
	urls := make([]string, len(req.Media))
	var removers []func(context.Context) error
	cleanup := func() { platforms.RemoveShared(ctx, model.TikTok, removers) }
	for i, m := range req.Media {
		if i < len(given) && given[i] != "" {
			urls[i] = given[i]
			continue
		}
		u, rm, err := c.a.pub.host.Share(ctx, m)
		if err != nil {
			return nil, cleanup, platforms.ShareError(model.TikTok, m, err)
		}
		urls[i], removers = u, append(removers, rm)
	}
	return urls, cleanup, nil
}
