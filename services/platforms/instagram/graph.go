package instagram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/facebook"
)

// maxBody bounds how much of a Graph answer is read.
const maxBody = 4 << 20

func (c *Connector) get(ctx context.Context, ac account, rawURL string, out any) error {
	return c.do(ctx, ac, http.MethodGet, rawURL, nil, out)
}

func (c *Connector) post(ctx context.Context, ac account, path string, form url.Values, out any) error {
	return c.do(ctx, ac, http.MethodPost, ac.base+path, form, out)
}

// do sends one Graph call with the token in the Authorization header (never in the
// URL) and decodes the JSON answer into out. Every error is a *platforms.Error; a POST
// that may have been acted on is Uncertain.
func (c *Connector) do(ctx context.Context, ac account, method, rawURL string, form url.Values, out any) error {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, body)
	if err != nil {
		return &platforms.Error{Platform: model.Instagram, Kind: platforms.Permanent, Message: "the Graph API address is not valid",
			Err: errors.Join(model.ErrInvalid, platforms.UnwrapURLError(err))}
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+ac.token)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		cause := platforms.UnwrapURLError(err)
		return &platforms.Error{Platform: model.Instagram, Kind: platforms.Transient, Uncertain: method == http.MethodPost,
			Message: "Could not reach Instagram: " + cause.Error(), Err: cause}
	}
	defer resp.Body.Close()
	return c.read(ac, method, resp, out)
}

// read decodes an answer, mapping an error answer with apiError.
func (c *Connector) read(ac account, method string, resp *http.Response, out any) error {
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return &platforms.Error{Platform: model.Instagram, Kind: platforms.Transient, Uncertain: true, Status: resp.StatusCode,
			Message: "Instagram's answer was cut off: " + err.Error(), Err: err}
	}
	if resp.StatusCode >= 400 {
		return c.apiError(ac, resp.StatusCode, resp.Header, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &platforms.Error{Platform: model.Instagram, Kind: platforms.Transient, Uncertain: method == http.MethodPost, Status: resp.StatusCode,
			Message: "Instagram sent an answer that could not be read", Err: fmt.Errorf("instagram: decode %s %s: %w", method, resp.Request.URL.Path, err)}
	}
	return nil
}

// apiError maps a Graph error answer (platforms.md §2 Errors): 190 is Auth; the
// publishing quota (code 9, subcode 2207042) and throttling (4, 17, 32, 613) are
// Transient with a RetryAt; "not ready" (2207027) and Instagram's retryable server
// subcodes are Transient; a missing permission (10, 2xx) is Permanent and names the
// permission; the rest is Permanent in Instagram's words.
func (c *Connector) apiError(ac account, status int, hdr http.Header, body []byte) *platforms.Error {
	e := facebook.ParseError(model.Instagram, status, body)
	code, sub := splitCode(e.Code)
	words := e.Message
	switch {
	case e.Kind == platforms.Auth:
		e.Message = "Instagram did not accept the account's sign-in, so it must be renewed or connected again. Instagram said: " + words
	case code == 9 || sub == subQuotaUsed:
		e.Kind, e.Err, e.RetryAt = platforms.Transient, model.ErrRateLimited, c.now().Add(quotaRetry)
		e.Message = "Instagram's limit on posts published through its API in 24 hours is used up; Webox Social will try again later. Instagram said: " + words
	case sub == subNotReady:
		e.Kind, e.Err = platforms.Transient, nil
		e.Message = "Instagram has not finished processing the media yet. Instagram said: " + words
	case sub == 2207001 || sub == 2207003:
		e.Kind, e.Err, e.Uncertain = platforms.Transient, nil, true
	case errors.Is(e.Err, model.ErrRateLimited):
		e.RetryAt = regainAt(hdr, c.now())
		e.Message = "Instagram is limiting how often Webox Social may call it; it will try again later. Instagram said: " + words
	case code == 10 || code >= 200 && code < 300:
		e.Kind, e.Err = platforms.Permanent, model.ErrInvalid
		e.Message = "Webox Social may not publish to this Instagram account without the " + ac.publishPermission() +
			" permission, so connect the account again and allow publishing. Instagram said: " + words
	}
	return e
}

// splitCode reads "code/subcode" as ParseError writes it.
func splitCode(s string) (code, sub int) {
	a, b, _ := strings.Cut(s, "/")
	code, _ = strconv.Atoi(a)
	sub, _ = strconv.Atoi(b)
	return code, sub
}

// isSubcode reports whether err is an Instagram error with that subcode.
func isSubcode(err error, sub int) bool {
	var pe *platforms.Error
	if !errors.As(err, &pe) {
		return false
	}
	_, s := splitCode(pe.Code)
	return s == sub
}

// regainAt reads estimated_time_to_regain_access (minutes) from
// X-Business-Use-Case-Usage; zero when absent.
func regainAt(hdr http.Header, now time.Time) time.Time {
	var usage map[string][]struct {
		Regain int `json:"estimated_time_to_regain_access"`
	}
	if json.Unmarshal([]byte(hdr.Get("X-Business-Use-Case-Usage")), &usage) != nil {
		return time.Time{}
	}
	minutes := 0
	for _, entries := range usage {
		for _, u := range entries {
			minutes = max(minutes, u.Regain)
		}
	}
	if minutes == 0 {
		return time.Time{}
	}
	return now.Add(time.Duration(minutes) * time.Minute)
}

// graphTime parses Graph's "2006-01-02T15:04:05+0000"; zero when it cannot.
func graphTime(s string) time.Time {
	t, err := time.Parse("2006-01-02T15:04:05-0700", strings.TrimSpace(s))
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}
