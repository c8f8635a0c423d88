package instagram

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// noHostWords is what the user reads when an attachment has no public address.
const noHostWords = "Instagram fetches images and videos from a public address, so set up a media host in Settings or give the file's public URL."

// mediaItem is one attachment as Instagram will fetch it.
type mediaItem struct {
	url   string
	video bool
	alt   string
}

// shareMedia gives every attachment a public URL: the one the user gave
// (Options.MediaURLs[i]) or one from the media host. It returns the removal of what the
// host shared; on failure what was already shared is removed.
func (c *Connector) shareMedia(ctx context.Context, req platforms.Request) ([]mediaItem, []func(context.Context) error, error) {
	if err := c.needHost(req); err != nil {
		return nil, nil, err
	}
	items := make([]mediaItem, len(req.Media))
	var removes []func(context.Context) error
	for i, f := range req.Media {
		u, remove, err := c.mediaURL(ctx, req, i)
		if err != nil {
			platforms.RemoveShared(ctx, model.Instagram, removes)
			return nil, nil, err
		}
		if remove != nil {
			removes = append(removes, remove)
		}
		items[i] = mediaItem{url: u, video: isVideo(f), alt: f.AltText}
	}
	return items, removes, nil
}

// needHost refuses, before anything is shared, a post with an attachment that has
// neither a public URL nor a media host to give it one.
func (c *Connector) needHost(req platforms.Request) error {
	if c.opts.host != nil {
		return nil
	}
	for i := range req.Media {
		if givenURL(req, i) == "" {
			return &platforms.Error{Platform: model.Instagram, Kind: platforms.Permanent, Message: noHostWords, Err: platforms.ErrNoMediaHost}
		}
	}
	return nil
}

func givenURL(req platforms.Request, i int) string {
	if i < len(req.Options.MediaURLs) {
		return req.Options.MediaURLs[i]
	}
	return ""
}

// mediaURL is attachment i's public URL and, when the host shared it, its removal.
func (c *Connector) mediaURL(ctx context.Context, req platforms.Request, i int) (string, func(context.Context) error, error) {
	if u := givenURL(req, i); u != "" {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return "", nil, invalid(fmt.Sprintf("the public address given for attachment %d is not an http(s) address", i+1))
		}
		return u, nil, nil
	}
	f := req.Media[i]
	u, remove, err := c.opts.host.Share(ctx, f)
	if err != nil {
		return "", nil, platforms.ShareError(model.Instagram, f, err)
	}
	slog.Debug("instagram: media shared", "file", filepath.Base(f.Path))
	return u, remove, nil
}
