package views

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/views/viewstest"
)

func openMediaHost(t *testing.T, c *viewstest.Core) *mediaHostCard {
	t.Helper()
	u := newTestUI(t, c)
	return open[*settingsScreen](t, u, navSettings).host
}

func TestMediaHostLoadsWithoutTheSecret(t *testing.T) {
	c := viewstest.New()
	c.Host = app.MediaHostSettings{Endpoint: "http://127.0.0.1:9000", Region: "us-east-1", Bucket: "media",
		AccessKeyID: "AKID", PathStyle: true, Prefix: "webox/", HasSecret: true}
	h := openMediaHost(t, c)
	assert.Equal(t, "http://127.0.0.1:9000", h.endpoint.Text)
	assert.Equal(t, "media", h.bucket.Text)
	assert.True(t, h.pathStyle.Checked)
	assert.Empty(t, h.secret.Text)
	assert.Equal(t, "stored in the keychain", h.secret.PlaceHolder)
	assert.True(t, h.secret.Password)
}

func TestMediaHostSaveCallsTheCore(t *testing.T) {
	c := viewstest.New()
	h := openMediaHost(t, c)
	assert.Empty(t, h.secret.PlaceHolder, "no secret stored yet")
	h.endpoint.SetText(" http://127.0.0.1:9000 ")
	h.region.SetText("us-east-1")
	h.bucket.SetText("media")
	h.keyID.SetText("AKID")
	h.secret.SetText("s3cr3t")
	h.pathStyle.SetChecked(true)
	test.Tap(h.save)
	require.Len(t, c.HostSaves, 1)
	assert.Equal(t, app.MediaHostSettings{Endpoint: "http://127.0.0.1:9000", Region: "us-east-1", Bucket: "media",
		AccessKeyID: "AKID", SecretAccessKey: "s3cr3t", PathStyle: true}, c.HostSaves[0])
	assert.Equal(t, "Media host saved.", h.status.Text)
	assert.Empty(t, h.secret.Text, "the secret is not kept in the form")
	assert.Equal(t, "stored in the keychain", h.secret.PlaceHolder)

	test.Tap(h.save)
	require.Len(t, c.HostSaves, 2)
	assert.Empty(t, c.HostSaves[1].SecretAccessKey, "an empty secret keeps the stored one")
}

func TestMediaHostTestSaysWhatHappened(t *testing.T) {
	c := viewstest.New()
	h := openMediaHost(t, c)
	h.bucket.SetText("media")
	test.Tap(h.test)
	assert.Equal(t, 1, c.HostTests)
	require.Len(t, c.HostSaves, 1, "the form is saved before the test")
	assert.Equal(t, "The bucket works: a test file was uploaded, fetched and deleted.", h.status.Text)
	assert.Equal(t, widget.SuccessImportance, h.status.Importance)

	c.HostTestErr = fmt.Errorf("mediahost: put: %w",
		fmt.Errorf("The bucket refused the upload: AccessDenied: Access Denied.: %w", model.ErrInvalid))
	test.Tap(h.test)
	assert.Equal(t, app.UserMessage(c.HostTestErr), h.status.Text)
	assert.Equal(t, widget.DangerImportance, h.status.Importance)
	assert.False(t, h.test.Disabled())
}

func TestMediaHostSecretHintFollowsWhereSecretsAre(t *testing.T) {
	c := viewstest.New()
	c.Keychain = false
	c.Host = app.MediaHostSettings{Bucket: "media", HasSecret: true}
	h := openMediaHost(t, c)
	assert.Equal(t, "stored encrypted in secrets.enc", h.secret.PlaceHolder)
}
