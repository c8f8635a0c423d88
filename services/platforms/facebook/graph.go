package facebook

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// maxBody bounds how much of a Graph answer is read.
const maxBody = 4 << 20

// maxPages bounds how many result pages a listing follows.
const maxPages = 20

// Graph calls one Meta Graph host (graph.facebook.com or graph.instagram.com). Access
// tokens travel in the query, as Meta documents, so URLs are never put in errors or logs.
type Graph struct {
	HC       *http.Client
	BaseURL  string         // e.g. https://graph.facebook.com/v23.0, no trailing slash
	Platform model.Platform // the network errors are attributed to
}

// Get reads path (e.g. "/me/accounts") with query q and decodes the JSON answer into out.
func (g Graph) Get(ctx context.Context, path string, q url.Values, out any) error {
	return g.Do(ctx, http.MethodGet, g.BaseURL+path+"?"+q.Encode(), out)
}

// Do sends one request to a full URL and decodes the JSON answer into out (when non-nil).
// Every error is a *platforms.Error carrying Meta's own words.
func (g Graph) Do(ctx context.Context, method, rawURL string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, rawURL, nil)
	if err != nil {
		return &platforms.Error{Platform: g.Platform, Kind: platforms.Permanent, Message: "the Graph API address is not valid", Err: errors.Join(model.ErrInvalid, platforms.UnwrapURLError(err))}
	}
	req.Header.Set("Accept", "application/json")
	resp, err := g.HC.Do(req)
	if err != nil {
		return &platforms.Error{Platform: g.Platform, Kind: platforms.Transient, Message: "could not reach " + req.URL.Host + ": " + platforms.UnwrapURLError(err).Error(), Err: platforms.UnwrapURLError(err)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return &platforms.Error{Platform: g.Platform, Kind: platforms.Transient, Status: resp.StatusCode, Message: "the answer from " + req.URL.Host + " was cut off", Err: platforms.UnwrapURLError(err)}
	}
	if resp.StatusCode >= 400 {
		return ParseError(g.Platform, resp.StatusCode, body)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return &platforms.Error{Platform: g.Platform, Kind: platforms.Transient, Status: resp.StatusCode, Message: "the Graph API sent an answer that could not be read",
			Err: fmt.Errorf("%s: decode %s %s: %w", g.Platform, method, req.URL.Path, err)}
	}
	return nil
}

// graphError is Meta's error object: {"error":{"message","type","code","error_subcode",
// "is_transient","error_user_title","error_user_msg","fbtrace_id"}}.
type graphError struct {
	Message     string `json:"message"`
	Type        string `json:"type"`
	Code        int    `json:"code"`
	Subcode     int    `json:"error_subcode"`
	IsTransient bool   `json:"is_transient"`
	UserTitle   string `json:"error_user_title"`
	UserMsg     string `json:"error_user_msg"`
	FBTraceID   string `json:"fbtrace_id"`
}

// errorEnvelope holds the Graph envelope and the flat shape api.instagram.com answers
// with: {"error_type":"OAuthException","code":400,"error_message":"..."}.
type errorEnvelope struct {
	Error        json.RawMessage `json:"error"`
	ErrorType    string          `json:"error_type"`
	Code         int             `json:"code"`
	ErrorMessage string          `json:"error_message"`
	Description  string          `json:"error_description"`
}

// ParseError maps a Meta error answer to a *platforms.Error: code 190 (and HTTP 401) is
// Auth, throttling codes (4, 17, 32, 613, 80001..80009), 429, 5xx and is_transient are
// Transient, the rest Permanent. Message is Meta's own message.
func ParseError(p model.Platform, status int, body []byte) *platforms.Error {
	ge, ok := decodeError(body)
	if !ok {
		return classify(&platforms.Error{Platform: p, Status: status,
			Message: fmt.Sprintf("the Graph API answered %d %s", status, http.StatusText(status))}, graphError{})
	}
	e := &platforms.Error{Platform: p, Status: status, Message: errorWords(ge), Code: errorCode(ge)}
	return classify(e, ge)
}

// decodeError reads either error shape; ok is false for a body that is neither.
func decodeError(body []byte) (graphError, bool) {
	var env errorEnvelope
	if json.Unmarshal(body, &env) != nil {
		return graphError{}, false
	}
	var ge graphError
	if len(env.Error) > 0 && json.Unmarshal(env.Error, &ge) == nil && (ge.Message != "" || ge.Code != 0) {
		return ge, true
	}
	var s string
	if len(env.Error) > 0 && json.Unmarshal(env.Error, &s) == nil && s != "" {
		return graphError{Type: s, Message: cmp.Or(env.Description, s)}, true
	}
	if env.ErrorMessage != "" {
		return graphError{Type: env.ErrorType, Code: env.Code, Message: env.ErrorMessage}, true
	}
	return graphError{}, false
}

func classify(e *platforms.Error, ge graphError) *platforms.Error {
	switch {
	case ge.Code == 190 || ge.Code == 102 || e.Status == http.StatusUnauthorized:
		e.Kind, e.Err = platforms.Auth, model.ErrUnauthorized
	case throttled(ge.Code) || e.Status == http.StatusTooManyRequests:
		e.Kind, e.Err = platforms.Transient, model.ErrRateLimited
	case ge.IsTransient || ge.Code == 1 && ge.Type != "OAuthException" || ge.Code == 2 || e.Status >= 500:
		e.Kind, e.Uncertain = platforms.Transient, e.Status >= 500
	default:
		e.Kind, e.Err = platforms.Permanent, model.ErrInvalid
	}
	return e
}

func throttled(code int) bool {
	return code == 4 || code == 17 || code == 32 || code == 613 || code >= 80001 && code <= 80009
}

// errorWords is the message to show: the user-facing text when Meta sends one.
func errorWords(ge graphError) string {
	if ge.UserMsg != "" {
		return strings.TrimSpace(ge.UserTitle + " " + ge.UserMsg)
	}
	return ge.Message
}

// errorCode is "190" or "190/463" (code/subcode).
func errorCode(ge graphError) string {
	if ge.Code == 0 {
		return ""
	}
	if ge.Subcode != 0 {
		return strconv.Itoa(ge.Code) + "/" + strconv.Itoa(ge.Subcode)
	}
	return strconv.Itoa(ge.Code)
}
