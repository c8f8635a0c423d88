package linkedin

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/linkedin/linkedinfake"
)

const memberURN = "urn:li:person:" + linkedinfake.DefaultMember

func publishEnv(t *testing.T) (*env, *Connector, string) {
	t.Helper()
	return publishEnvWith(t, linkedinfake.Options{})
}

// publishEnvWith starts the fake with opts and a Connector that polls without waiting.
func publishEnvWith(t *testing.T, opts linkedinfake.Options) (*env, *Connector, string) {
	t.Helper()
	e := newEnvWith(t, linkedinfake.App{}, opts)
	tok := e.fake.IssueToken(linkedinfake.DefaultMember, "openid", "profile", "w_member_social", "w_organization_social")
	return e, NewConnector(nil, WithBaseURL(e.fake.URL), WithClock(e.clock.Now), WithPollInterval(0)), tok
}

func memberReq(tok, text string) platforms.Request {
	return platforms.Request{Account: model.Account{Platform: model.LinkedIn, RemoteID: memberURN}, Token: tok, Text: text}
}

func TestPublishTextWithReservedCharacters(t *testing.T) {
	e, c, tok := publishEnv(t)
	text := `Launch (v2) [beta] {x} <y> @team #go *bold* _u_ ~s~ a|b back\slash`
	res, err := c.Publish(context.Background(), memberReq(tok, text))
	require.NoError(t, err)
	posts := e.fake.Posts()
	require.Len(t, posts, 1)
	assert.Equal(t, text, posts[0].Commentary)
	assert.Equal(t, posts[0].URN, res.PlatformPostID)
	assert.Equal(t, "https://www.linkedin.com/feed/update/"+res.PlatformPostID, res.Permalink)
}

func TestPublishImageWithAltText(t *testing.T) {
	e, c, tok := publishEnv(t)
	path := filepath.Join(t.TempDir(), "a.png")
	require.NoError(t, os.WriteFile(path, []byte("png-bytes"), 0o600))
	req := memberReq(tok, "with a picture")
	req.Media = []platforms.MediaFile{{Path: path, Mime: "image/png", AltText: "a red kite"}}
	_, err := c.Publish(context.Background(), req)
	require.NoError(t, err)
	p := e.fake.Posts()[0]
	assert.Equal(t, "a red kite", p.AltText)
	assert.Equal(t, []byte("png-bytes"), e.fake.ImageData(p.MediaID))
}

func TestPublishAsOrganization(t *testing.T) {
	e, c, tok := publishEnvWith(t, linkedinfake.Options{VideoPart: 4})
	e.fake.AddMember(linkedinfake.Member{ID: linkedinfake.DefaultMember, Name: "Alice",
		Roles: []linkedinfake.Role{{OrganizationID: "42", Role: "ADMINISTRATOR", State: "APPROVED"}}})
	req := memberReq(tok, "from the page")
	req.Account.RemoteID = "urn:li:organization:42"
	_, err := c.Publish(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, "urn:li:organization:42", e.fake.Posts()[0].Author)

	req.Text = "a film from the page"
	req.Media = []platforms.MediaFile{videoFile(t, 10)}
	_, err = c.Publish(context.Background(), req)
	require.NoError(t, err)
	p := e.fake.Posts()[1]
	assert.Equal(t, "urn:li:organization:42", p.Author)
	assert.Equal(t, []byte("0123456789"), e.fake.VideoData(p.MediaID), "the video is owned by the organization")

	req.Account.RemoteID = "urn:li:organization:99"
	_, err = c.Publish(context.Background(), req)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.False(t, pe.Uncertain, "refused at initializeUpload: no post")
	req.Media = nil
	_, err = c.Publish(context.Background(), req)
	assert.Equal(t, platforms.Permanent, asPlatformError(t, err).Kind)
	assert.Len(t, e.fake.Posts(), 2)
}

func TestPublishErrors(t *testing.T) {
	e, c, tok := publishEnv(t)
	_, err := c.Publish(context.Background(), memberReq("bad-token", "hi"))
	assert.Equal(t, platforms.Auth, asPlatformError(t, err).Kind)

	for _, status := range []int{http.StatusUnprocessableEntity, http.StatusBadRequest} {
		e.fake.FailNextPost(status, "Content is a duplicate of urn:li:share:1")
		_, err = c.Publish(context.Background(), memberReq(tok, "hi"))
		pe := asPlatformError(t, err)
		assert.Equal(t, platforms.Permanent, pe.Kind)
		assert.Equal(t, "Content is a duplicate of urn:li:share:1", pe.Message)
	}
	e.fake.FailNextPost(http.StatusServiceUnavailable, "Service Unavailable")
	_, err = c.Publish(context.Background(), memberReq(tok, "hi"))
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.True(t, pe.Uncertain)
	assert.Empty(t, e.fake.Posts())
}

func TestReconcile(t *testing.T) {
	e, c, tok := publishEnv(t)
	req := memberReq(tok, "reconcile (me) #1")
	req.StartedAt = e.clock.Now()
	_, found, err := c.Reconcile(context.Background(), req)
	require.NoError(t, err)
	assert.False(t, found)

	res, err := c.Publish(context.Background(), req)
	require.NoError(t, err)
	got, found, err := c.Reconcile(context.Background(), req)
	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, res.PlatformPostID, got.PlatformPostID)

	req.StartedAt = e.clock.Now().Add(time.Hour)
	_, found, err = c.Reconcile(context.Background(), req)
	require.NoError(t, err)
	assert.False(t, found, "a post older than the attempt is not it")
}

func TestKilledMidFlight(t *testing.T) {
	e, c, tok := publishEnv(t)
	req := memberReq(tok, "lost answer")
	req.StartedAt = e.clock.Now()
	e.fake.DropNextPostResponse()
	_, err := c.Publish(context.Background(), req)
	pe := asPlatformError(t, err)
	assert.True(t, pe.Uncertain)
	require.Len(t, e.fake.Posts(), 1)

	res, found, err := c.Reconcile(context.Background(), req)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, e.fake.Posts()[0].URN, res.PlatformPostID)
	assert.Len(t, e.fake.Posts(), 1, "no second post")
}

func TestDelete(t *testing.T) {
	e, c, tok := publishEnv(t)
	res, err := c.Publish(context.Background(), memberReq(tok, "short-lived"))
	require.NoError(t, err)
	acct := model.Account{Platform: model.LinkedIn, RemoteID: memberURN}
	require.NoError(t, c.Delete(context.Background(), acct, tok, res.PlatformPostID))
	require.NoError(t, c.Delete(context.Background(), acct, tok, res.PlatformPostID), "deleting again is fine")
	assert.True(t, e.fake.Posts()[0].Deleted)
}
