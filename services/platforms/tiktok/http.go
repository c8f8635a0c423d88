package tiktok

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"webox-social/services/model"
	"webox-social/services/oauth"
	"webox-social/services/platforms"
)

// maxBody bounds how much of a response is read.
const maxBody = 1 << 20

// tokenResponse is TikTok's token endpoint answer.
type tokenResponse struct {
	OpenID           string `json:"open_id"`
	Scope            string `json:"scope"`
	AccessToken      string `json:"access_token"`
	ExpiresIn        int64  `json:"expires_in"`
	RefreshToken     string `json:"refresh_token"`
	RefreshExpiresIn int64  `json:"refresh_expires_in"`
}

// tokenCall posts a refresh grant; a refusal means the user must reconnect.
func (a *Authorizer) tokenCall(ctx context.Context, form map[string]string) (tokenResponse, error) {
	var tr tokenResponse
	if err := a.postForm(ctx, a.ep.TokenURL, form, &tr); err != nil {
		return tr, platforms.RenewalRefused(model.TikTok, err)
	}
	if tr.AccessToken == "" {
		return tr, &platforms.Error{Platform: model.TikTok, Kind: platforms.Transient, Message: "TikTok's answer had no access token."}
	}
	return tr, nil
}

// postForm posts an urlencoded form to an OAuth endpoint. TikTok's OAuth errors are
// {"error","error_description","log_id"}, possibly with HTTP 200.
func (a *Authorizer) postForm(ctx context.Context, endpoint string, form map[string]string, out any) error {
	v := url.Values{}
	for k, x := range form {
		v.Set(k, x)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(v.Encode()))
	if err != nil {
		return fmt.Errorf("tiktok: build the request to %s: %w", endpoint, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	status, body, err := a.send(req)
	if err != nil {
		return err
	}
	var e struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	_ = json.Unmarshal(body, &e)
	if status >= 400 || (e.Error != "" && e.Error != "ok") {
		words := cmp.Or(e.Description, e.Error, platforms.StatusWords(model.TikTok, status))
		return classify(&platforms.Error{Platform: model.TikTok, Status: status, Code: e.Error, Message: words})
	}
	return decode(body, out, status)
}

// envelope is the v2 API answer: {"data": ..., "error": {"code","message","log_id"}}.
type envelope struct {
	Data  json.RawMessage `json:"data"`
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		LogID   string `json:"log_id"`
	} `json:"error"`
}

// apiCall calls a v2 API endpoint with the bearer token and decodes "data" into out.
func (a *Authorizer) apiCall(ctx context.Context, method, path, token string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("tiktok: encode %s: %w", path, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.ep.APIBase+path, body)
	if err != nil {
		return fmt.Errorf("tiktok: build the request to %s: %w", path, err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if in != nil {
		req.Header.Set("Content-Type", "application/json; charset=UTF-8")
	}
	status, raw, err := a.send(req)
	if err != nil {
		return err
	}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil && status < 400 {
		return &platforms.Error{Platform: model.TikTok, Kind: platforms.Transient, Status: status,
			Message: "TikTok sent an answer that could not be read.", Err: fmt.Errorf("tiktok: decode %s: %w", path, err)}
	}
	if status >= 400 || (env.Error.Code != "" && env.Error.Code != "ok") {
		words := cmp.Or(env.Error.Message, env.Error.Code, platforms.StatusWords(model.TikTok, status))
		return classify(&platforms.Error{Platform: model.TikTok, Status: status, Code: env.Error.Code, Message: words})
	}
	return decode(env.Data, out, status)
}

// send performs req and reads the answer; a transport failure is a transient error.
func (a *Authorizer) send(req *http.Request) (int, []byte, error) {
	return platforms.Send(a.hc, model.TikTok, req, maxBody)
}

func decode(body []byte, out any, status int) error {
	if out == nil || len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &platforms.Error{Platform: model.TikTok, Kind: platforms.Transient, Status: status,
			Message: "TikTok sent an answer that could not be read.", Err: fmt.Errorf("tiktok: decode: %w", err)}
	}
	return nil
}

// classify sets Kind and the sentinel from the HTTP status and TikTok's code.
func classify(e *platforms.Error) *platforms.Error {
	switch {
	case e.Code == "access_token_invalid":
		e.Kind, e.Err = platforms.Auth, model.ErrUnauthorized
	case e.Status != http.StatusUnauthorized && e.Code == "rate_limit_exceeded":
		e.Kind, e.Err = platforms.Transient, model.ErrRateLimited
	default:
		e.Kind, e.Err = platforms.KindForStatus(e.Status)
	}
	return e
}

// flowError maps the authorization flow's failures like every network does, except
// that a refused code exchange is also classified by TikTok's error code.
func flowError(err error) *platforms.Error {
	e := oauth.PlatformError(model.TikTok, err)
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		e.Kind = classify(&platforms.Error{Status: e.Status, Code: e.Code}).Kind
		if e.Kind == platforms.Auth {
			e.Kind = platforms.Permanent // a refused exchange is not an expired account token
		}
	}
	return e
}
