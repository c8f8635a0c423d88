package bluesky

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// PostCollection is the collection of Bluesky posts.
const PostCollection = "app.bsky.feed.post"

// MaxImages is how many images one post may embed.
const MaxImages = 4

// Connector publishes posts to an account's PDS with its access JWT. Every post is
// written at a record key derived from the attempt key, so a retry cannot post twice:
// the PDS refuses a second record at that key and the connector returns the first.
type Connector struct {
	hc  *http.Client
	log *slog.Logger
	now func() time.Time
}

var _ platforms.Connector = (*Connector)(nil)

// NewConnector returns the Bluesky connector; hc nil means http.DefaultClient.
func NewConnector(hc *http.Client) *Connector {
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Connector{hc: hc, log: slog.Default(), now: time.Now}
}

// Platform is model.Bluesky.
func (c *Connector) Platform() model.Platform { return model.Bluesky }

// target is where one post goes: the PDS, the repo (DID) and the record key.
type target struct {
	base, did, rkey, token, handle string
}

func (c *Connector) target(acct model.Account, token, attemptKey string, startedAt time.Time) (target, error) {
	base, err := serviceBase(acct.InstanceURL, DefaultService)
	if err != nil {
		return target{}, err
	}
	if acct.RemoteID == "" || attemptKey == "" {
		return target{}, &platforms.Error{Platform: model.Bluesky, Kind: platforms.Permanent, Err: model.ErrInvalid,
			Message: "This Bluesky account or post is missing its identifier; reconnect the account."}
	}
	handle := strings.TrimPrefix(acct.Handle, "@")
	if handle == "" || handle == invalidHandle {
		handle = acct.RemoteID
	}
	return target{base: base, did: acct.RemoteID, rkey: recordKey(attemptKey, startedAt), token: token, handle: handle}, nil
}

// postRecord is an app.bsky.feed.post record.
type postRecord struct {
	Type      string  `json:"$type"`
	Text      string  `json:"text"`
	CreatedAt string  `json:"createdAt"`
	Facets    []facet `json:"facets,omitempty"`
	Embed     any     `json:"embed,omitempty"`
}

// recordOut is the answer of createRecord and getRecord.
type recordOut struct {
	URI   string `json:"uri"`
	CID   string `json:"cid"`
	Value struct {
		Text      string `json:"text"`
		CreatedAt string `json:"createdAt"`
	} `json:"value"`
}

// Publish uploads the images, resolves mentions and creates the post at the record key
// of req.AttemptKey. When that key already holds a post (an earlier attempt went out),
// that post is the result.
func (c *Connector) Publish(ctx context.Context, req platforms.Request) (platforms.Result, error) {
	t, err := c.target(req.Account, req.Token, req.AttemptKey, req.StartedAt)
	if err != nil {
		return platforms.Result{}, err
	}
	if len(req.Media) > MaxImages {
		return platforms.Result{}, &platforms.Error{Platform: model.Bluesky, Kind: platforms.Permanent, Err: model.ErrInvalid,
			Message: fmt.Sprintf("A Bluesky post can have at most %d images; this one has %d.", MaxImages, len(req.Media))}
	}
	rec, err := c.buildRecord(ctx, t, req)
	if err != nil {
		return platforms.Result{}, err
	}
	res, err := c.create(ctx, t, rec)
	if err != nil {
		return platforms.Result{}, postError("publish", err)
	}
	return res, nil
}

func (c *Connector) buildRecord(ctx context.Context, t target, req platforms.Request) (postRecord, error) {
	text := strings.ToValidUTF8(req.Text, "\ufffd") // JSON would replace bad bytes and shift the offsets
	facets, err := c.facets(ctx, t, text)
	if err != nil {
		return postRecord{}, postError("publish", err)
	}
	embed, err := c.embedImages(ctx, t, req.Media)
	if err != nil {
		return postRecord{}, err
	}
	rec := postRecord{Type: PostCollection, Text: text, CreatedAt: c.now().UTC().Format("2006-01-02T15:04:05.000Z"), Facets: facets}
	if embed != nil {
		rec.Embed = embed
	}
	return rec, nil
}

// create writes rec at t.rkey. A refusal that may mean "a record is already there" (the
// PDS answers HTTP 500 for it) or a lost answer is checked with getRecord.
func (c *Connector) create(ctx context.Context, t target, rec postRecord) (platforms.Result, error) {
	in := map[string]any{"repo": t.did, "collection": PostCollection, "rkey": t.rkey, "record": rec}
	var out recordOut
	err := send(ctx, c.hc, call{base: t.base, nsid: "com.atproto.repo.createRecord", token: t.token, input: in, post: true, write: true}, &out)
	if err == nil {
		c.log.Info("bluesky: published", "did", t.did, "rkey", t.rkey)
		return c.result(t, out.URI, rec.CreatedAt), nil
	}
	if !maybeExists(err) {
		return platforms.Result{}, err
	}
	existing, found, gerr := c.get(ctx, t)
	if gerr != nil || !found {
		return platforms.Result{}, err
	}
	if existing.Value.Text != rec.Text {
		return platforms.Result{}, &platforms.Error{Platform: model.Bluesky, Kind: platforms.Permanent, Err: model.ErrConflict,
			Message: "another post already uses this post's record key on Bluesky (" + existing.URI + ")"}
	}
	c.log.Info("bluesky: already published", "did", t.did, "rkey", t.rkey)
	return c.result(t, existing.URI, existing.Value.CreatedAt), nil
}

// maybeExists reports whether a createRecord failure may hide an existing record.
func maybeExists(err error) bool {
	var pe *platforms.Error
	if !errors.As(err, &pe) {
		return false
	}
	return pe.Uncertain || pe.Status >= 500 || strings.Contains(pe.Message, "already a value at key")
}

func (c *Connector) result(t target, uri, createdAt string) platforms.Result {
	at, err := time.Parse(time.RFC3339Nano, createdAt)
	if err != nil {
		at = c.now()
	}
	return platforms.Result{PlatformPostID: uri, Permalink: "https://bsky.app/profile/" + t.handle + "/post/" + t.rkey, PublishedAt: at}
}

// get reads the post at t.rkey; found=false with a nil error means there is none.
func (c *Connector) get(ctx context.Context, t target) (recordOut, bool, error) {
	q := map[string][]string{"repo": {t.did}, "collection": {PostCollection}, "rkey": {t.rkey}}
	var out recordOut
	err := send(ctx, c.hc, call{base: t.base, nsid: "com.atproto.repo.getRecord", query: q, token: t.token}, &out)
	var pe *platforms.Error
	if errors.As(err, &pe) && pe.Code == "RecordNotFound" {
		return recordOut{}, false, nil
	}
	if err != nil {
		return recordOut{}, false, err
	}
	return out, true, nil
}

// Reconcile looks for the post at the record key of req.AttemptKey.
func (c *Connector) Reconcile(ctx context.Context, req platforms.Request) (platforms.Result, bool, error) {
	t, err := c.target(req.Account, req.Token, req.AttemptKey, req.StartedAt)
	if err != nil {
		return platforms.Result{}, false, err
	}
	out, found, err := c.get(ctx, t)
	if err != nil {
		return platforms.Result{}, false, postError("reconcile", err)
	}
	if !found {
		return platforms.Result{}, false, nil
	}
	return c.result(t, out.URI, out.Value.CreatedAt), true, nil
}

// Delete removes the post platformPostID (its at:// URI). Deleting a deleted post succeeds.
func (c *Connector) Delete(ctx context.Context, acct model.Account, token, platformPostID string) error {
	base, err := serviceBase(acct.InstanceURL, DefaultService)
	if err != nil {
		return err
	}
	did, coll, rkey, ok := parseATURI(platformPostID)
	if !ok {
		return &platforms.Error{Platform: model.Bluesky, Kind: platforms.Permanent, Err: model.ErrInvalid,
			Message: fmt.Sprintf("%q is not a Bluesky post address (at://…)", platformPostID)}
	}
	in := map[string]string{"repo": did, "collection": coll, "rkey": rkey}
	if err := send(ctx, c.hc, call{base: base, nsid: "com.atproto.repo.deleteRecord", token: token, input: in, post: true, write: true}, nil); err != nil {
		return postError("delete", err)
	}
	c.log.Info("bluesky: deleted", "did", did, "rkey", rkey)
	return nil
}

// parseATURI splits at://did/collection/rkey.
func parseATURI(uri string) (did, collection, rkey string, ok bool) {
	rest, found := strings.CutPrefix(uri, "at://")
	parts := strings.Split(rest, "/")
	if !found || len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}

// postError turns an XRPC error into a sentence for the user with Bluesky's own words.
func postError(what string, err error) error {
	var pe *platforms.Error
	if !errors.As(err, &pe) {
		return platforms.AsError(model.Bluesky, err)
	}
	if pe.Status == 0 {
		return pe
	}
	out := *pe
	if out.Err == nil {
		out.Err = errors.New(pe.Message)
	}
	out.Message = postSentence(what, pe) + fmt.Sprintf(" Bluesky said: “%s”.", pe.Message)
	return &out
}

func postSentence(what string, pe *platforms.Error) string {
	switch {
	case pe.Kind == platforms.Auth:
		return "The Bluesky session of this account has expired or was ended; reconnect the account."
	case pe.Status == http.StatusTooManyRequests:
		return "Bluesky is limiting posts from this account for now" + retryText(pe) + "."
	case pe.Status >= 500 && what == "publish":
		return fmt.Sprintf("The Bluesky server had a problem (HTTP %d); the post may or may not have gone out.", pe.Status)
	case pe.Status >= 500:
		return fmt.Sprintf("The Bluesky server had a problem (HTTP %d); try again later.", pe.Status)
	case what == "publish":
		return "Bluesky refused the post."
	case what == "delete":
		return "Bluesky did not delete the post."
	}
	return "Could not check on Bluesky whether the post went out."
}
