package tiktok

import (
	"bytes"
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
		var pe *platforms.Error
		if errors.As(err, &pe) && pe.Kind == platforms.Permanent {
			pe.Kind, pe.Err = platforms.Auth, model.ErrUnauthorized
			pe.Message = "TikTok refused to renew the sign-in, so reconnect the account: " + pe.Message
		}
		return tr, err
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
		words := orDefault(e.Description, orDefault(e.Error, statusWords(status)))
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
		words := orDefault(env.Error.Message, orDefault(env.Error.Code, statusWords(status)))
		return classify(&platforms.Error{Platform: model.TikTok, Status: status, Code: env.Error.Code, Message: words})
	}
	return decode(env.Data, out, status)
}

// send performs req and reads the answer; a transport failure is a transient error.
func (a *Authorizer) send(req *http.Request) (int, []byte, error) {
	resp, err := a.hc.Do(req)
	if err != nil {
		return 0, nil, &platforms.Error{Platform: model.TikTok, Kind: platforms.Transient, Uncertain: req.Method == http.MethodPost,
			Message: "Could not reach TikTok: " + unwrapURLError(err).Error(), Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return 0, nil, &platforms.Error{Platform: model.TikTok, Kind: platforms.Transient, Uncertain: true,
			Message: "TikTok's answer was cut off: " + err.Error(), Err: err}
	}
	return resp.StatusCode, body, nil
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
	switch s := e.Status; {
	case s == http.StatusUnauthorized || e.Code == "access_token_invalid":
		e.Kind, e.Err = platforms.Auth, model.ErrUnauthorized
	case s == http.StatusTooManyRequests || e.Code == "rate_limit_exceeded":
		e.Kind, e.Err = platforms.Transient, model.ErrRateLimited
	case s >= 500:
		e.Kind = platforms.Transient
	case s == http.StatusNotFound:
		e.Kind, e.Err = platforms.Permanent, model.ErrNotFound
	default:
		e.Kind, e.Err = platforms.Permanent, model.ErrInvalid
	}
	return e
}

func statusWords(status int) string {
	return fmt.Sprintf("TikTok answered %d %s", status, http.StatusText(status))
}

// flowError maps the authorization flow's failures to *platforms.Error with TikTok's
// own words where it gave some.
func flowError(err error) *platforms.Error {
	var re *oauth2.RetrieveError
	var pe *oauth.ProviderError
	var ue *url.Error
	switch {
	case errors.As(err, &re):
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		words := orDefault(re.ErrorDescription, re.ErrorCode)
		if words == "" {
			words = strings.TrimSpace(string(re.Body))
		}
		e := classify(&platforms.Error{Platform: model.TikTok, Status: status, Code: re.ErrorCode, Message: "TikTok refused the sign-in: " + words})
		if e.Kind == platforms.Auth {
			e.Kind = platforms.Permanent // a refused exchange is not an expired account token
		}
		e.Err = err
		return e
	case errors.As(err, &pe):
		return &platforms.Error{Platform: model.TikTok, Kind: platforms.Permanent, Code: pe.Code, Err: err,
			Message: "TikTok refused the sign-in: " + orDefault(pe.Description, pe.Code)}
	case errors.As(err, &ue):
		return &platforms.Error{Platform: model.TikTok, Kind: platforms.Transient, Err: err, Message: "Could not reach TikTok: " + ue.Err.Error()}
	}
	return &platforms.Error{Platform: model.TikTok, Kind: platforms.Permanent, Err: err, Message: "The TikTok sign-in did not finish: " + err.Error()}
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
