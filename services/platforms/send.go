package platforms

import (
	"errors"
	"io"
	"net/http"

	"webox-social/services/model"
)

// Send performs req with hc and reads at most limit bytes of the answer, whatever its
// status. A transport failure is Transient ("Could not reach LinkedIn: …"), Uncertain for
// a POST, which may have been acted on; an answer cut off is Transient and Uncertain.
func Send(hc *http.Client, p model.Platform, req *http.Request, limit int64) (int, []byte, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, &Error{Platform: p, Kind: Transient, Uncertain: req.Method == http.MethodPost,
			Message: "Could not reach " + p.Title() + ": " + UnwrapURLError(err).Error(), Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit))
	if err != nil {
		return 0, nil, &Error{Platform: p, Kind: Transient, Uncertain: true,
			Message: p.Title() + "'s answer was cut off: " + err.Error(), Err: err}
	}
	return resp.StatusCode, body, nil
}

// RenewalRefused marks a Permanent refusal of a refresh grant in err as Auth
// (model.ErrUnauthorized): the user must reconnect the account. err is returned as it is.
func RenewalRefused(p model.Platform, err error) error {
	var pe *Error
	if errors.As(err, &pe) && pe.Kind == Permanent {
		pe.Kind, pe.Err = Auth, model.ErrUnauthorized
		pe.Message = p.Title() + " refused to renew the sign-in, so reconnect the account: " + pe.Message
	}
	return err
}
