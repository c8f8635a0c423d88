package platforms

import (
	"errors"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"

	"webox-social/services/model"
)

func TestKindForStatus(t *testing.T) {
	tests := []struct {
		status   int
		kind     Kind
		sentinel error
	}{
		{401, Auth, model.ErrUnauthorized},
		{429, Transient, model.ErrRateLimited},
		{503, Transient, nil},
		{404, Permanent, model.ErrNotFound},
		{400, Permanent, model.ErrInvalid},
		{403, Permanent, model.ErrInvalid},
	}
	for _, tc := range tests {
		kind, err := KindForStatus(tc.status)
		assert.Equal(t, tc.kind, kind, "status %d", tc.status)
		assert.Equal(t, tc.sentinel, err, "status %d", tc.status)
	}
}

func TestStatusWordsAndUnwrapURLError(t *testing.T) {
	assert.Equal(t, "TikTok answered 502 Bad Gateway", StatusWords(model.TikTok, 502))
	inner := errors.New("connection refused")
	assert.Equal(t, inner, UnwrapURLError(&url.Error{Op: "Get", URL: "https://x/?access_token=secret", Err: inner}))
	assert.Equal(t, inner, UnwrapURLError(inner))
}
