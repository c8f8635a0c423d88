package oauth

import (
	"cmp"
	"errors"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// PlatformError maps a failed authorization flow to a *platforms.Error worded with p's
// name and, where the network gave some, its own words: a refused code exchange or a
// refusal in the redirect is Permanent ("LinkedIn refused the sign-in: …"), a network
// failure Transient ("Could not reach LinkedIn: …"), anything else Permanent ("The
// LinkedIn sign-in did not finish: …"). A refused exchange is never Auth: it is not an
// expired account token. Err is always err.
func PlatformError(p model.Platform, err error) *platforms.Error {
	var re *oauth2.RetrieveError
	var pe *ProviderError
	var ue *url.Error
	switch {
	case errors.As(err, &re):
		return exchangeError(p, re, err)
	case errors.As(err, &pe):
		return &platforms.Error{Platform: p, Kind: platforms.Permanent, Code: pe.Code, Err: err,
			Message: p.Title() + " refused the sign-in: " + cmp.Or(pe.Description, pe.Code)}
	case errors.As(err, &ue):
		return &platforms.Error{Platform: p, Kind: platforms.Transient, Err: err, Message: "Could not reach " + p.Title() + ": " + ue.Err.Error()}
	}
	return &platforms.Error{Platform: p, Kind: platforms.Permanent, Err: err, Message: "The " + p.Title() + " sign-in did not finish: " + err.Error()}
}

// exchangeError maps a refused code exchange, classified by its HTTP status.
func exchangeError(p model.Platform, re *oauth2.RetrieveError, err error) *platforms.Error {
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	words := cmp.Or(re.ErrorDescription, re.ErrorCode, strings.TrimSpace(string(re.Body)))
	e := &platforms.Error{Platform: p, Status: status, Code: re.ErrorCode, Message: p.Title() + " refused the sign-in: " + words, Err: err}
	e.Kind, _ = platforms.KindForStatus(status)
	if e.Kind == platforms.Auth {
		e.Kind = platforms.Permanent
	}
	return e
}
