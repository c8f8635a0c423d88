package platforms

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
)

func TestSendReadsTheAnswerWhateverItsStatus(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte("0123456789"))
	}))
	defer srv.Close()
	req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
	require.NoError(t, err)
	status, body, err := Send(srv.Client(), model.LinkedIn, req, 4)
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "0123", string(body))
}

func TestSendUnreachableIsTransientAndUncertainOnlyForPost(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	for method, uncertain := range map[string]bool{http.MethodGet: false, http.MethodPost: true} {
		req, err := http.NewRequest(method, url, nil)
		require.NoError(t, err)
		_, _, err = Send(http.DefaultClient, model.TikTok, req, 1<<10)
		var pe *Error
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, Transient, pe.Kind)
		assert.Equal(t, uncertain, pe.Uncertain, method)
		assert.Contains(t, pe.Message, "Could not reach TikTok: ")
		assert.NotContains(t, pe.Message, url, "the URL is left out of the words")
	}
}

func TestRenewalRefusedMakesAPermanentRefusalAuth(t *testing.T) {
	refused := &Error{Platform: model.LinkedIn, Kind: Permanent, Message: "invalid_grant"}
	err := RenewalRefused(model.LinkedIn, refused)
	assert.Equal(t, Auth, refused.Kind)
	assert.ErrorIs(t, err, model.ErrUnauthorized)
	assert.Equal(t, "LinkedIn refused to renew the sign-in, so reconnect the account: invalid_grant", refused.Message)

	busy := &Error{Platform: model.LinkedIn, Kind: Transient, Message: "busy"}
	assert.Same(t, busy, RenewalRefused(model.LinkedIn, busy).(*Error))
	assert.Equal(t, Transient, busy.Kind)
	plain := errors.New("plain")
	assert.Equal(t, plain, RenewalRefused(model.LinkedIn, plain))
}
