package bluesky

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// MaxImageBytes is the largest image a post may embed.
const MaxImageBytes = 2_000_000

// imagesEmbed is app.bsky.embed.images.
type imagesEmbed struct {
	Type   string       `json:"$type"`
	Images []embedImage `json:"images"`
}

type embedImage struct {
	Image       json.RawMessage `json:"image"`
	Alt         string          `json:"alt"`
	AspectRatio *aspectRatio    `json:"aspectRatio,omitempty"`
}

type aspectRatio struct {
	Width  int `json:"width"`
	Height int `json:"height"`
}

// embedImages uploads every image and returns the embed, or nil without media.
func (c *Connector) embedImages(ctx context.Context, t target, media []platforms.MediaFile) (*imagesEmbed, error) {
	if len(media) == 0 {
		return nil, nil
	}
	embed := &imagesEmbed{Type: "app.bsky.embed.images"}
	for _, m := range media {
		blob, err := c.uploadBlob(ctx, t, m)
		if err != nil {
			return nil, err
		}
		img := embedImage{Image: blob, Alt: m.AltText}
		if m.Width > 0 && m.Height > 0 {
			img.AspectRatio = &aspectRatio{Width: m.Width, Height: m.Height}
		}
		embed.Images = append(embed.Images, img)
	}
	return embed, nil
}

// uploadBlob sends one file's bytes with its content type and returns the blob ref.
func (c *Connector) uploadBlob(ctx context.Context, t target, m platforms.MediaFile) (json.RawMessage, error) {
	data, err := os.ReadFile(m.Path)
	if err != nil {
		return nil, &platforms.Error{Platform: model.Bluesky, Kind: platforms.Permanent, Err: fmt.Errorf("bluesky: read media: %w", err),
			Message: "An image of this post could not be read from disk: " + err.Error()}
	}
	if len(data) > MaxImageBytes {
		return nil, &platforms.Error{Platform: model.Bluesky, Kind: platforms.Permanent, Err: model.ErrInvalid,
			Message: fmt.Sprintf("Bluesky takes images up to 2 MB; %s has %d bytes.", m.Path, len(data))}
	}
	mime := m.Mime
	if mime == "" {
		mime = http.DetectContentType(data)
	}
	var out struct {
		Blob json.RawMessage `json:"blob"`
	}
	err = send(ctx, c.hc, call{base: t.base, nsid: "com.atproto.repo.uploadBlob", token: t.token, post: true, raw: data, rawType: mime}, &out)
	if err != nil {
		return nil, postError("upload", err)
	}
	return out.Blob, nil
}

// facet is an app.bsky.richtext.facet.
type facet struct {
	Index    facetIndex       `json:"index"`
	Features []map[string]any `json:"features"`
}

type facetIndex struct {
	ByteStart int `json:"byteStart"`
	ByteEnd   int `json:"byteEnd"`
}

// facets finds links, mentions and hashtags in text; mentions whose handle does not
// resolve to a DID get no facet.
func (c *Connector) facets(ctx context.Context, t target, text string) ([]facet, error) {
	var out []facet
	for _, sp := range findSpans(text) {
		feature := map[string]any{}
		switch sp.kind {
		case spanLink:
			feature["$type"], feature["uri"] = "app.bsky.richtext.facet#link", sp.value
		case spanTag:
			feature["$type"], feature["tag"] = "app.bsky.richtext.facet#tag", sp.value
		case spanMention:
			did, err := c.resolveHandle(ctx, t, sp.value)
			if err != nil {
				return nil, err
			}
			if did == "" {
				continue
			}
			feature["$type"], feature["did"] = "app.bsky.richtext.facet#mention", did
		}
		out = append(out, facet{Index: facetIndex{ByteStart: sp.start, ByteEnd: sp.end}, Features: []map[string]any{feature}})
	}
	return out, nil
}

// resolveHandle returns the DID of handle, or "" when the PDS cannot resolve it.
func (c *Connector) resolveHandle(ctx context.Context, t target, handle string) (string, error) {
	var out struct {
		DID string `json:"did"`
	}
	err := send(ctx, c.hc, call{base: t.base, nsid: "com.atproto.identity.resolveHandle", query: map[string][]string{"handle": {handle}}, token: t.token}, &out)
	var pe *platforms.Error
	if errors.As(err, &pe) && pe.Kind == platforms.Permanent && pe.Status >= 400 && pe.Status < 500 {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return out.DID, nil
}
