package xcomfake

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"unicode/utf8"
)

// Media metadata limits: alt text "must be <= 1000 chars" (docs.x.com, Create Media
// metadata; not in platforms.md). The rate limit is not documented there: 500 per 15
// minutes is this fake's guess.
const (
	maxAltText    = 1000
	metadataLimit = 500
)

// metadataKeys are the metadata fields POST /2/media/metadata knows; others are refused.
var metadataKeys = map[string]bool{"alt_text": true, "allow_download_status": true, "audience_policy": true,
	"content_expiration": true, "domain_restrictions": true, "found_media_origin": true, "geo_restrictions": true,
	"management_info": true, "preview_image": true, "sensitive_media_warning": true, "shared_info": true,
	"sticker_info": true, "upload_source": true}

// metadataBody is POST /2/media/metadata's schema.
type metadataBody struct {
	ID       string                     `json:"id"`
	Metadata map[string]json.RawMessage `json:"metadata"`
}

// AltText returns the alt text set on a media id ("" when none).
func (s *Server) AltText(mediaID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.st.media[mediaID]; m != nil {
		return m.altText
	}
	return ""
}

// mediaMetadata is POST /2/media/metadata (scope media.write): {"id", "metadata":
// {"alt_text": {"text"}}} for one of the caller's uploads, alt text at most 1,000
// characters. It answers {"data": {"id", "associated_metadata"}}.
func (s *Server) mediaMetadata(c *call) reply {
	tok, hdr, rep := s.mediaAuth(c, RouteMetadata, metadataLimit)
	if rep != nil {
		return *rep
	}
	var b metadataBody
	dec := json.NewDecoder(c.R.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil || !mediaIDRe.MatchString(b.ID) {
		return withHeader(invalidBody("id", "The request body must be JSON with a media `id` matching ^[0-9]{1,19}$."), hdr)
	}
	m := s.st.media[b.ID]
	if m == nil || m.ownerID != tok.UserID {
		return withHeader(problem(http.StatusNotFound, "Not Found Error", "Could not find media with id: ["+b.ID+"].", typeNotFound), hdr)
	}
	alt, rep2 := readAltText(b.Metadata)
	if rep2 != nil {
		return withHeader(*rep2, hdr)
	}
	assoc := map[string]any{}
	if alt != nil {
		m.altText = *alt
		assoc["alt_text"] = map[string]string{"text": *alt}
	}
	return withHeader(jsonReply(http.StatusOK, map[string]any{"data": map[string]any{"id": m.id, "associated_metadata": assoc}}), hdr)
}

// readAltText checks the metadata object and returns its alt text (nil when absent).
func readAltText(md map[string]json.RawMessage) (*string, *reply) {
	bad := func(field, msg string) (*string, *reply) { rep := invalidBody(field, msg); return nil, &rep }
	for k := range md {
		if !metadataKeys[k] {
			return bad("metadata."+k, "The `metadata` field ["+k+"] is not known.")
		}
	}
	raw, ok := md["alt_text"]
	if !ok {
		return nil, nil
	}
	var alt struct {
		Text *string `json:"text"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&alt); err != nil || alt.Text == nil {
		return bad("metadata.alt_text.text", "`metadata.alt_text` requires `text`.")
	}
	if n := utf8.RuneCountInString(*alt.Text); n > maxAltText {
		return bad("metadata.alt_text.text", "The alt text is too long: "+strconv.Itoa(n)+" characters, at most 1000 are allowed.")
	}
	return alt.Text, nil
}
