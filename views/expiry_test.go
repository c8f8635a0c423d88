package views

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"webox-social/services/model"
)

func TestCountdown(t *testing.T) {
	for d, want := range map[time.Duration]string{
		20 * time.Second:              "less than a minute",
		45 * time.Minute:              "45 min",
		80 * time.Minute:              "1 h 20 min",
		2 * time.Hour:                 "2 h",
		27 * time.Hour:                "1 day 3 h",
		24 * time.Hour:                "1 day",
		12*24*time.Hour + 5*time.Hour: "12 days",
		60 * 24 * time.Hour:           "60 days",
	} {
		assert.Equal(t, want, countdown(d), d.String())
	}
}

func TestExpiryText(t *testing.T) {
	at := func(p model.Platform, in time.Duration, st model.AccountStatus) model.Account {
		a := model.Account{Platform: p, Status: st}
		if in != 0 {
			a.ExpiresAt = fixedNow.Add(in)
		}
		return a
	}
	for _, tc := range []struct {
		a    model.Account
		want string
	}{
		{at(model.Mastodon, 0, model.AccountOK), "Sign-in does not expire"},
		{at(model.X, 80*time.Minute, model.AccountOK), "Renews automatically · expires in 1 h 20 min"},
		{at(model.LinkedIn, 12*24*time.Hour, model.AccountOK), "Expires in 12 days — reconnect before then"},
		{at(model.LinkedIn, -time.Hour, model.AccountOK), "Sign-in expired — reconnect to publish again"},
		{at(model.TikTok, -time.Minute, model.AccountOK), "Renews automatically · renewal due now"},
		{at(model.X, time.Hour, model.AccountReconnectNeeded), "Sign-in no longer accepted — choose Reconnect"},
	} {
		assert.Equal(t, tc.want, expiryText(tc.a, fixedNow))
	}
}
