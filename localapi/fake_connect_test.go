package localapi

import (
	"context"
	"errors"

	"webox-social/app"
	"webox-social/services/model"
)

func (f *fakeCore) Networks() []app.AuthInfo {
	return []app.AuthInfo{{Platform: model.Mastodon, Method: "oauth2-instance"}, {Platform: model.Bluesky, Method: "app-password"}}
}

// ConnectAccount plays a browser sign-in: it gives an address, then waits for a pasted
// one ("ok" connects an account) or the end of ctx. Bluesky checks the password.
func (f *fakeCore) ConnectAccount(ctx context.Context, p model.Platform, o app.ConnectOptions) ([]model.Account, error) {
	acct := model.Account{ID: 9, Platform: p, Name: "New", Status: model.AccountOK}
	if p == model.Bluesky {
		if o.Password != "app-pass" {
			return nil, errors.New("bluesky: wrong password")
		}
		return []model.Account{acct}, nil
	}
	_ = o.OpenURL("https://" + o.InstanceURL + "/oauth/authorize?state=s")
	select {
	case u := <-o.Pasted:
		if u != "ok" {
			return nil, errors.New("refused")
		}
		return []model.Account{acct}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
