package linkedin

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// maxBody bounds how much of a response is read.
const maxBody = 1 << 20

// tokenResponse is LinkedIn's token endpoint answer.
type tokenResponse struct {
	AccessToken           string `json:"access_token"`
	ExpiresIn             int64  `json:"expires_in"`
	RefreshToken          string `json:"refresh_token"`
	RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in"`
	Scope                 string `json:"scope"`
}

// tokenCall posts a refresh grant; a refusal means the user must reconnect.
func (a *Authorizer) tokenCall(ctx context.Context, form map[string]string) (tokenResponse, error) {
	var tr tokenResponse
	if err := a.postForm(ctx, a.ep.TokenURL, form, &tr); err != nil {
		return tr, platforms.RenewalRefused(model.LinkedIn, err)
	}
	if tr.AccessToken == "" {
		return tr, &platforms.Error{Platform: model.LinkedIn, Kind: platforms.Transient, Message: "LinkedIn's answer had no access token."}
	}
	return tr, nil
}

// postForm posts an urlencoded form to an OAuth endpoint and decodes a JSON answer into
// out (when non-nil). Errors are *platforms.Error with LinkedIn's own words.
func (a *Authorizer) postForm(ctx context.Context, endpoint string, form map[string]string, out any) error {
	v := url.Values{}
	for k, x := range form {
		v.Set(k, x)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(v.Encode()))
	if err != nil {
		return fmt.Errorf("linkedin: build the request to %s: %w", endpoint, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	status, body, err := a.send(req)
	if err != nil {
		return err
	}
	if code, words := oauthErrorText(body); status >= 400 || code != "" {
		return classify(&platforms.Error{Platform: model.LinkedIn, Status: status, Code: code, Message: cmp.Or(words, platforms.StatusWords(model.LinkedIn, status))})
	}
	return decode(body, out, status)
}

// getAPI reads an API resource with the bearer token; rest adds the versioning headers
// every /rest call needs.
func (a *Authorizer) getAPI(ctx context.Context, path, token string, rest bool, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.ep.APIBase+path, nil)
	if err != nil {
		return fmt.Errorf("linkedin: build the request to %s: %w", path, err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	if rest {
		req.Header.Set("LinkedIn-Version", a.version)
		req.Header.Set("X-Restli-Protocol-Version", "2.0.0")
	}
	status, body, err := a.send(req)
	if err != nil {
		return err
	}
	if status >= 400 {
		return apiError(status, body)
	}
	return decode(body, out, status)
}

// send performs req and reads the answer; a transport failure is a transient error.
func (a *Authorizer) send(req *http.Request) (int, []byte, error) {
	return platforms.Send(a.hc, model.LinkedIn, req, maxBody)
}

func decode(body []byte, out any, status int) error {
	if out == nil || len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &platforms.Error{Platform: model.LinkedIn, Kind: platforms.Transient, Status: status,
			Message: "LinkedIn sent an answer that could not be read.", Err: fmt.Errorf("linkedin: decode: %w", err)}
	}
	return nil
}

// oauthErrorText reads {"error": ..., "error_description": ...}.
func oauthErrorText(body []byte) (code, words string) {
	var e struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if json.Unmarshal(body, &e) != nil {
		return "", ""
	}
	return e.Error, cmp.Or(e.Description, e.Error)
}

// apiError maps LinkedIn's API error shape {"status","serviceErrorCode","code","message"}.
func apiError(status int, body []byte) *platforms.Error {
	var e struct {
		ServiceErrorCode int    `json:"serviceErrorCode"`
		Code             string `json:"code"`
		Message          string `json:"message"`
	}
	_ = json.Unmarshal(body, &e)
	code := e.Code
	if code == "" && e.ServiceErrorCode != 0 {
		code = fmt.Sprint(e.ServiceErrorCode)
	}
	return classify(&platforms.Error{Platform: model.LinkedIn, Status: status, Code: code, Message: cmp.Or(e.Message, platforms.StatusWords(model.LinkedIn, status))})
}

// classify sets Kind and the sentinel from the HTTP status.
func classify(e *platforms.Error) *platforms.Error {
	e.Kind, e.Err = platforms.KindForStatus(e.Status)
	return e
}
