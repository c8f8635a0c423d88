package bluesky

import (
	"errors"
	"fmt"
	"net/url"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// op names what was being done, for the sentence shown to the user.
type op int

const (
	opSignIn op = iota
	opRefresh
	opRevoke
)

// explain turns err into a *platforms.Error whose Message is a sentence for the user with
// the server's own words attached ("Bluesky said: …"). Kind, Code, Status and RetryAt
// are kept.
func explain(o op, base string, err error) error {
	var pe *platforms.Error
	if !errors.As(err, &pe) {
		return platforms.AsError(model.Bluesky, err)
	}
	var nf *networkFailure
	if pe.Status == 0 && !errors.As(pe.Err, &nf) {
		return pe // already a sentence (an unreadable token)
	}
	out := *pe
	if out.Err == nil {
		out.Err = errors.New(pe.Message)
	}
	host := base
	if u, perr := url.Parse(base); perr == nil && u.Host != "" {
		host = u.Host
	}
	out.Message = sentence(o, host, pe)
	if pe.Status != 0 {
		out.Message += fmt.Sprintf(" Bluesky said: “%s”.", pe.Message)
	}
	return &out
}

// sentence is what happened and what to do, without the server's words.
func sentence(o op, host string, pe *platforms.Error) string {
	switch {
	case pe.Status == 0 && pe.Uncertain:
		return fmt.Sprintf("No answer from the Bluesky server %s (%v); try again in a moment.", host, errors.Unwrap(pe.Err))
	case pe.Status == 0:
		return fmt.Sprintf("Could not reach the Bluesky server %s (%v); check the connection and the server address.", host, errors.Unwrap(pe.Err))
	case pe.Code == "AuthFactorTokenRequired":
		return "Bluesky asks for a sign-in code from your email, which it does only for your main password. Use an app password instead: Settings → Privacy and security → App passwords."
	case pe.Code == "AccountTakedown":
		return "Bluesky has taken this account down, so Webox Social cannot sign in or post for it."
	case pe.Code == "RateLimitExceeded" || pe.Status == 429:
		return "Bluesky is limiting sign-ins for this account for now" + retryText(pe) + "."
	case pe.Status >= 500:
		return fmt.Sprintf("The Bluesky server %s had a problem (HTTP %d); try again later.", host, pe.Status)
	}
	return byOp(o, host, pe)
}

func byOp(o op, host string, pe *platforms.Error) string {
	switch {
	case o == opSignIn && pe.Kind == platforms.Auth:
		return "Bluesky did not accept this handle and app password. Check both; app passwords are made in Bluesky under Settings → Privacy and security → App passwords."
	case o == opSignIn:
		return fmt.Sprintf("Could not sign in to Bluesky at %s; check the server address.", host)
	case o == opRefresh && pe.Kind == platforms.Auth:
		return "The Bluesky session of this account has expired or was ended; reconnect the account with an app password."
	case o == opRefresh:
		return "Could not renew the Bluesky session of this account."
	}
	return "Could not end the Bluesky session of this account."
}

func retryText(pe *platforms.Error) string {
	if pe.RetryAt.IsZero() {
		return "; try again later"
	}
	return "; try again after " + pe.RetryAt.Local().Format("15:04")
}
