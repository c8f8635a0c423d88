package instagram_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
	"webox-social/services/platforms"
	"webox-social/services/platforms/fakekit"
	"webox-social/services/platforms/instagram"
	"webox-social/services/platforms/instagram/instagramfake"
)

// publishOne publishes req and returns the media id.
func publishOne(t *testing.T, c *instagram.Connector, req platforms.Request) string {
	t.Helper()
	res, err := c.Publish(t.Context(), req)
	require.NoError(t, err)
	return res.PlatformPostID
}

func TestMediaInsights(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	c := e.connector()
	post := publishOne(t, c, e.igReq("k1", "Bread", e.jpegFile(t, "a.jpg", "")))
	quiet := publishOne(t, c, e.igReq("k2", "Cake", e.jpegFile(t, "b.jpg", "")))
	story := e.igReq("k3", "", e.jpegFile(t, "s.jpg", ""))
	story.Options.Format = "story"
	storyID := publishOne(t, c, story)
	album := publishOne(t, c, e.igReq("k4", "Album", e.jpegFile(t, "1.jpg", ""), e.jpegFile(t, "2.jpg", "")))
	child := e.fake.Published(igUser)[3].Children[0]
	require.Equal(t, album, e.fake.Published(igUser)[3].ID)
	e.fake.SetInsights(post, instagramfake.Insights{Views: 1500, Reach: 900, Likes: 120, Comments: 14, Shares: 6, Saved: 30})
	e.fake.SetInsights(storyID, instagramfake.Insights{Views: 300, Shares: 2})
	e.fake.SetInsights(quiet, instagramfake.Insights{TooFewViewers: true})
	acct := e.igReq("", "").Account

	got, err := c.PostMetrics(t.Context(), acct, e.igToken, []string{post, storyID, quiet, child, "17900000009999999", post})

	require.NoError(t, err)
	np := platforms.NotProvided
	none := platforms.PostMetrics{Views: np, Likes: np, Comments: np, Shares: np, Saves: np}
	assert.Equal(t, map[string]platforms.PostMetrics{
		post:    {Views: 1500, Likes: 120, Comments: 14, Shares: 6, Saves: 30},
		storyID: {Views: 300, Likes: np, Comments: np, Shares: 2, Saves: np},
		quiet:   none,
		child:   none,
	}, got, "a story has no likes, comments or saves; too few viewers and carousel children give no insights; unknown media are left out")
}

func TestMediaInsightsThroughFacebookHost(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	c := e.connector()
	id := publishOne(t, c, e.fbReq("k1", "Via the Page", e.jpegFile(t, "a.jpg", "")))
	e.fake.SetInsights(id, instagramfake.Insights{Views: 80, Likes: 9, Comments: 1, Shares: 0, Saved: 2})

	got, err := c.PostMetrics(t.Context(), e.fbReq("", "").Account, e.pageToken, []string{id})

	require.NoError(t, err)
	assert.Equal(t, platforms.PostMetrics{Views: 80, Likes: 9, Comments: 1, Shares: 0, Saves: 2}, got[id])
}

func TestMediaInsightsWithoutPermissionNamesIt(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	c := e.connector()
	id := publishOne(t, c, e.igReq("k1", "Bread", e.jpegFile(t, "a.jpg", "")))

	acct := e.igReq("", "").Account
	acct.Scopes = []string{"instagram_business_basic", "instagram_business_content_publish"}
	_, err := c.PostMetrics(t.Context(), acct, e.igToken, []string{id})
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "instagram_business_manage_insights")
	assert.Zero(t, e.fake.Calls("insights"), "known to be missing: no call")

	noInsights := e.fake.IssueToken("app-scoped-1", "ig-app", acct.Scopes...)
	acct.Scopes = nil
	_, err = c.PostMetrics(t.Context(), acct, noInsights, []string{id})
	pe = asPlatformError(t, err)
	assert.Equal(t, platforms.Permanent, pe.Kind)
	assert.Contains(t, pe.Message, "instagram_business_manage_insights")
	assert.Contains(t, pe.Message, "Instagram said: (#10) Application does not have permission")
}

func TestMetricsErrors(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{CallsPerHour: 1})
	c := e.connector()
	acct := e.igReq("", "").Account

	_, err := c.AccountMetrics(t.Context(), acct, e.igToken)
	require.NoError(t, err)
	_, err = c.AccountMetrics(t.Context(), acct, e.igToken)
	pe := asPlatformError(t, err)
	assert.Equal(t, platforms.Transient, pe.Kind)
	assert.ErrorIs(t, err, model.ErrRateLimited)
	assert.Equal(t, e.clk.Now().Add(61*time.Minute), pe.RetryAt, "estimated_time_to_regain_access")

	e.fake.ExpireToken(e.igToken)
	_, err = c.PostMetrics(t.Context(), acct, e.igToken, []string{"17900000000000001"})
	pe = asPlatformError(t, err)
	assert.Equal(t, platforms.Auth, pe.Kind)
	assert.ErrorIs(t, err, model.ErrUnauthorized)
}

func TestAccountMetricsOnBothHosts(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	c := e.connector()
	publishOne(t, c, e.fbReq("k1", "Via the Page", e.jpegFile(t, "a.jpg", "")))
	e.fake.SetAccountCounts(igUser, instagramfake.AccountCounts{Followers: 5120, Follows: 310, Media: 87})
	e.fake.SetAccountCounts(fbIG, instagramfake.AccountCounts{Followers: 42, Follows: 3, Media: -1})

	got, err := c.AccountMetrics(t.Context(), e.igReq("", "").Account, e.igToken)
	require.NoError(t, err)
	assert.Equal(t, platforms.AccountMetrics{Followers: 5120, Following: 310, Posts: 87}, got)

	got, err = c.AccountMetrics(t.Context(), e.fbReq("", "").Account, e.pageToken)
	require.NoError(t, err)
	assert.Equal(t, platforms.AccountMetrics{Followers: 42, Following: 3, Posts: 1}, got)
}

// TestFakeInsightsMetricNames checks the fake refuses the retired metrics and serves
// the current ones (platforms.md §9 Instagram fake rule 8).
func TestFakeInsightsMetricNames(t *testing.T) {
	e := newPubEnv(t, instagramfake.Options{})
	id := publishOne(t, e.connector(), e.igReq("k1", "Bread", e.jpegFile(t, "a.jpg", "")))
	get := func(metric string) fakekit.Answer {
		req, _ := http.NewRequest(http.MethodGet, e.fake.GraphURL()+"/"+instagram.GraphVersion+"/"+id+"/insights?metric="+metric, nil)
		req.Header.Set("Authorization", "Bearer "+e.igToken)
		return fakekit.Do(t, req)
	}
	for _, m := range []string{"impressions", "plays", "video_views", "views,impressions"} {
		a := get(m)
		assert.Equal(t, http.StatusBadRequest, a.Status, m)
		assert.Contains(t, string(a.Body), "no longer supported", m)
	}
	assert.Equal(t, http.StatusBadRequest, get("total_views").Status, "Facebook Login only")
	a := get("views,reach,likes,comments,shares,saved,total_interactions")
	assert.Equal(t, http.StatusOK, a.Status)
	assert.Len(t, a.JSON(t)["data"], 7)
}
