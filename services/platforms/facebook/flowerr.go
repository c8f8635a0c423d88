package facebook

import (
	"cmp"
	"context"
	"errors"

	"golang.org/x/oauth2"

	"webox-social/services/model"
	"webox-social/services/oauth"
	"webox-social/services/platforms"
)

// FlowError maps an error from an oauth.Flow run to a *platforms.Error with Meta's words:
// a refusal in the redirect (the user declined), a refused code exchange (Graph or
// api.instagram.com error body), a timeout or a cancelled sign-in.
func FlowError(p model.Platform, err error) *platforms.Error {
	var pe *oauth.ProviderError
	var re *oauth2.RetrieveError
	switch {
	case errors.As(err, &pe):
		return &platforms.Error{Platform: p, Kind: platforms.Permanent, Code: pe.Code,
			Message: "the sign-in was refused: " + cmp.Or(pe.Description, pe.Code), Err: err}
	case errors.As(err, &re) && re.Response != nil:
		e := ParseError(p, re.Response.StatusCode, re.Body)
		e.Err = errors.Join(e.Err, err)
		return e
	case errors.Is(err, oauth.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return &platforms.Error{Platform: p, Kind: platforms.Transient, Message: "the sign-in was not completed in the browser in time", Err: err}
	case errors.Is(err, oauth.ErrClosed), errors.Is(err, context.Canceled):
		return &platforms.Error{Platform: p, Kind: platforms.Permanent, Message: "the sign-in was cancelled", Err: err}
	}
	return &platforms.Error{Platform: p, Kind: platforms.Transient, Message: "the sign-in failed: " + platforms.UnwrapURLError(err).Error(), Err: err}
}
