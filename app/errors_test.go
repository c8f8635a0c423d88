package app

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/text"
)

func TestUserMessage(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"validation keeps its sentence", fmt.Errorf("create post: %w", invalid("Pick at least one account to publish to.")),
			"Pick at least one account to publish to."},
		{"permanent platform error", &platforms.Error{Platform: model.Mastodon, Kind: platforms.Permanent, Status: 422,
			Message: "Validation failed: Text character limit of 500 exceeded"},
			"Mastodon refused the request. Mastodon said: Validation failed: Text character limit of 500 exceeded."},
		{"auth", &platforms.Error{Platform: model.Mastodon, Kind: platforms.Auth, Message: "The access token is invalid"},
			"Mastodon no longer accepts this account's sign-in; reconnect it in Accounts. Mastodon said: The access token is invalid."},
		{"transient", &platforms.Error{Platform: model.Mastodon, Kind: platforms.Transient, Message: "Too many requests"},
			"Mastodon could not be reached or is busy; Webox Social will try again. Mastodon said: Too many requests."},
		{"timeout", fmt.Errorf("connect: %w", context.DeadlineExceeded), "The operation took too long and was stopped. Check your connection and try again."},
		{"not found", fmt.Errorf("post 3: %w", model.ErrNotFound), "That item no longer exists. It may have been deleted in another window."},
		{"unexpected", errors.New("disk I/O error"), "Something went wrong: disk I/O error."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, UserMessage(tc.err))
		})
	}
}

func TestCounterLabelGroupsThousands(t *testing.T) {
	c := Counter{Platform: model.YouTube, Count: text.Count{Used: 12345, Limit: 5000}}
	assert.Equal(t, "YouTube 12,345/5,000", c.Label())
	c = Counter{Platform: model.X, Count: text.Count{Used: 45, Limit: 280}}
	assert.Equal(t, "X 45/280", c.Label())
}
