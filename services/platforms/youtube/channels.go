package youtube

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// maxBody bounds how much of a response is read.
const maxBody = 4 << 20

// channel is the part of the YouTube channel resource Link reads.
type channel struct {
	ID      string `json:"id"`
	Snippet struct {
		Title      string     `json:"title"`
		CustomURL  string     `json:"customUrl"`
		Thumbnails thumbnails `json:"thumbnails"`
	} `json:"snippet"`
}

type thumbnail struct {
	URL string `json:"url"`
}

type thumbnails struct {
	Default thumbnail `json:"default"`
	Medium  thumbnail `json:"medium"`
	High    thumbnail `json:"high"`
}

// best is the medium (240 px) avatar, else whatever size there is.
func (t thumbnails) best() string {
	for _, u := range []string{t.Medium.URL, t.High.URL, t.Default.URL} {
		if u != "" {
			return u
		}
	}
	return ""
}

// listMyChannels is GET /youtube/v3/channels?part=snippet&mine=true (1 quota unit).
func (a *Authorizer) listMyChannels(ctx context.Context, accessToken string) ([]channel, error) {
	var out struct {
		Items []channel `json:"items"`
	}
	if err := a.getJSON(ctx, "/youtube/v3/channels?part=snippet&mine=true", accessToken, &out); err != nil {
		return nil, err
	}
	return out.Items, nil
}

// getJSON sends an authenticated GET to the Data API and decodes the answer; every
// error is a *platforms.Error.
func (a *Authorizer) getJSON(ctx context.Context, path, accessToken string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.ep.APIBase+path, nil)
	if err != nil {
		return &platforms.Error{Platform: model.YouTube, Kind: platforms.Permanent, Message: "the YouTube API address is not valid", Err: err}
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	req.Header.Set("Accept", "application/json")
	resp, err := a.hc.Do(req)
	if err != nil {
		return networkError(req.URL.Host, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return networkError(req.URL.Host, err)
	}
	if resp.StatusCode >= 400 {
		return apiError(resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &platforms.Error{Platform: model.YouTube, Kind: platforms.Transient, Status: resp.StatusCode,
			Message: "YouTube sent an answer that could not be read", Err: fmt.Errorf("youtube: decode %s: %w", path, err)}
	}
	return nil
}

// jsonDecode decodes a (bounded) JSON response body into out.
func jsonDecode(resp *http.Response, out any) error {
	return json.NewDecoder(io.LimitReader(resp.Body, maxBody)).Decode(out)
}
