package blueskyfake

import (
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Limits of app.bsky.feed.post and its image embed, as the reference PDS validates them.
const (
	MaxPostGraphemes = 300
	MaxPostBytes     = 3000
	MaxImages        = 4
	MaxImageBytes    = 2_000_000
	maxBlobBytes     = 50 << 20 // the PDS's generic upload cap
	postCollection   = "app.bsky.feed.post"
)

// record is one stored record.
type record struct {
	uri, cid string
	value    json.RawMessage
}

// blob is one uploaded blob.
type blob struct {
	did, mime string
	size      int
}

// Record returns the JSON value of the record at did/collection/rkey, if any.
func (s *Server) Record(did, collection, rkey string) (json.RawMessage, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.records[did+"/"+collection+"/"+rkey]
	if !ok {
		return nil, false
	}
	return r.value, true
}

// Records returns how many records of collection the repo did holds.
func (s *Server) Records(did, collection string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for key := range s.records {
		if strings.HasPrefix(key, did+"/"+collection+"/") {
			n++
		}
	}
	return n
}

func fakeCID(data []byte) string {
	sum := sha256.Sum256(data)
	return "bafyrei" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:]))
}

// uploadBlob stores the request body with its Content-Type (rule 5).
func (s *Server) uploadBlob(c *call) (any, *xrpcError) {
	a, xerr := s.authAccess(c)
	if xerr != nil {
		return nil, xerr
	}
	ct := c.r.Header.Get("Content-Type")
	if ct == "" {
		return nil, invalidRequest("Request encoding (Content-Type) required but not provided")
	}
	data, err := io.ReadAll(io.LimitReader(c.r.Body, maxBlobBytes+1))
	if err != nil {
		return nil, invalidRequest("Unable to read request body: " + err.Error())
	}
	if len(data) > maxBlobBytes {
		return nil, &xrpcError{Status: http.StatusRequestEntityTooLarge, Name: "PayloadTooLarge", Message: "request entity too large"}
	}
	cid := fakeCID(data)
	s.blobs[cid] = &blob{did: a.DID, mime: ct, size: len(data)}
	return map[string]any{"blob": map[string]any{"$type": "blob", "ref": map[string]string{"$link": cid}, "mimeType": ct, "size": len(data)}}, nil
}

type createRecordInput struct {
	Repo       string          `json:"repo"`
	Collection string          `json:"collection"`
	Rkey       string          `json:"rkey"`
	Record     json.RawMessage `json:"record"`
}

var tidPattern = regexp.MustCompile(`^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$`)

// createRecord validates and stores an app.bsky.feed.post (rules 3–5). A record key that
// already holds a record is refused with HTTP 500, as the reference PDS does.
func (s *Server) createRecord(c *call) (any, *xrpcError) {
	var in createRecordInput
	if err := readJSON(c, &in); err != nil {
		return nil, err
	}
	a, err := s.authRepo(c, in.Repo)
	if err != nil {
		return nil, err
	}
	if in.Collection != postCollection {
		return nil, invalidRequest("this fake stores only " + postCollection + " records, not " + in.Collection)
	}
	if in.Rkey == "" {
		in.Rkey = newTID(c.now)
	}
	if !tidPattern.MatchString(in.Rkey) {
		return nil, invalidRequest("Invalid record key: " + in.Rkey)
	}
	if err := s.validatePost(a.DID, in.Record); err != nil {
		return nil, err
	}
	key := a.DID + "/" + in.Collection + "/" + in.Rkey
	if _, taken := s.records[key]; taken {
		return nil, &xrpcError{Status: http.StatusInternalServerError, Name: "InternalServerError", Message: "Internal Server Error"}
	}
	r := &record{uri: "at://" + key, cid: fakeCID(in.Record), value: in.Record}
	s.records[key] = r
	return map[string]any{"uri": r.uri, "cid": r.cid, "validationStatus": "valid"}, nil
}

// authRepo checks the access JWT and that repo (a DID or handle) is its account.
func (s *Server) authRepo(c *call, repo string) (*Account, *xrpcError) {
	a, err := s.authAccess(c)
	if err != nil {
		return nil, err
	}
	if repo == "" {
		return nil, invalidRequest(`Input must have the property "repo"`)
	}
	if repo != a.DID && !strings.EqualFold(repo, a.Handle) {
		return nil, authRequired("AuthenticationRequired", "Authentication Required")
	}
	return a, nil
}

func newTID(now time.Time) string {
	v := uint64(now.UnixMicro())<<10 | uint64(now.Nanosecond()%1024)
	const alphabet = "234567abcdefghijklmnopqrstuvwxyz"
	var out [13]byte
	for i := 12; i >= 0; i-- {
		out[i], v = alphabet[v&31], v>>5
	}
	return string(out[:])
}

// postValue is the part of app.bsky.feed.post the fake validates.
type postValue struct {
	Type      *string         `json:"$type"`
	Text      *string         `json:"text"`
	CreatedAt *string         `json:"createdAt"`
	Facets    []facetValue    `json:"facets"`
	Embed     json.RawMessage `json:"embed"`
}

type facetValue struct {
	Index struct {
		ByteStart *int `json:"byteStart"`
		ByteEnd   *int `json:"byteEnd"`
	} `json:"index"`
	Features []map[string]any `json:"features"`
}

func invalidPost(format string, args ...any) *xrpcError {
	return invalidRequest("Invalid " + postCollection + " record: " + fmt.Sprintf(format, args...))
}

func (s *Server) validatePost(did string, raw json.RawMessage) *xrpcError {
	var p postValue
	if len(raw) == 0 || json.Unmarshal(raw, &p) != nil {
		return invalidRequest(`Input must have the property "record"`)
	}
	switch {
	case p.Type == nil || *p.Type != postCollection:
		return invalidRequest("Invalid $type: expected " + postCollection)
	case p.Text == nil:
		return invalidPost(`Record must have the property "text"`)
	case p.CreatedAt == nil:
		return invalidPost(`Record must have the property "createdAt"`)
	}
	if _, err := time.Parse(time.RFC3339Nano, *p.CreatedAt); err != nil {
		return invalidPost("Record/createdAt must be an valid atproto datetime (either ISO 8601 or RFC 3339)")
	}
	if n := len(*p.Text); n > MaxPostBytes {
		return invalidPost("string too big (maximum %d, got %d) at $.record.text", MaxPostBytes, n)
	}
	if n := uniseg.GraphemeClusterCount(*p.Text); n > MaxPostGraphemes {
		return invalidPost("grapheme too big (maximum %d, got %d) at $.record.text", MaxPostGraphemes, n)
	}
	for i, f := range p.Facets {
		if err := validateFacet(*p.Text, i, f); err != nil {
			return err
		}
	}
	return s.validateEmbed(did, p.Embed)
}

// validateFacet applies rule 4: offsets inside the text, on UTF-8 boundaries, end after
// start; mentions carry a did:, tags no "#", links the text they cover.
func validateFacet(text string, i int, f facetValue) *xrpcError {
	start, end := f.Index.ByteStart, f.Index.ByteEnd
	if start == nil || end == nil || *start < 0 || *end > len(text) || *end <= *start {
		return invalidPost("Record/facets/%d/index has byte offsets outside the text", i)
	}
	covered := text[*start:*end]
	if !utf8.ValidString(covered) || !utf8.RuneStart(text[*start]) || (*end < len(text) && !utf8.RuneStart(text[*end])) {
		return invalidPost("Record/facets/%d/index does not fall on UTF-8 character boundaries", i)
	}
	if len(f.Features) == 0 {
		return invalidPost(`Record/facets/%d must have the property "features"`, i)
	}
	for _, feat := range f.Features {
		if err := validateFeature(covered, i, feat); err != nil {
			return err
		}
	}
	return nil
}

func validateFeature(covered string, i int, feat map[string]any) *xrpcError {
	str := func(k string) string { v, _ := feat[k].(string); return v }
	switch str("$type") {
	case "app.bsky.richtext.facet#mention":
		if !strings.HasPrefix(str("did"), "did:") {
			return invalidPost("Record/facets/%d/features/0/did must be a valid did", i)
		}
	case "app.bsky.richtext.facet#tag":
		tag := str("tag")
		if tag == "" || strings.HasPrefix(tag, "#") || uniseg.GraphemeClusterCount(tag) > 64 || len(tag) > 640 {
			return invalidPost("Record/facets/%d/features/0/tag must be a tag without #, at most 64 graphemes", i)
		}
		if strings.TrimLeft(covered, "#＃") != tag {
			return invalidPost("Record/facets/%d covers %q, not the tag #%s", i, covered, tag)
		}
	case "app.bsky.richtext.facet#link":
		if str("uri") != covered {
			return invalidPost("Record/facets/%d covers %q, not the link %s", i, covered, str("uri"))
		}
	default:
		return invalidPost("Record/facets/%d/features/0 has an unknown $type %q", i, str("$type"))
	}
	return nil
}

type imagesValue struct {
	Type   string `json:"$type"`
	Images []struct {
		Image struct {
			Ref struct {
				Link string `json:"$link"`
			} `json:"ref"`
			MimeType string `json:"mimeType"`
		} `json:"image"`
		Alt *string `json:"alt"`
	} `json:"images"`
}

// validateEmbed applies rule 5 to app.bsky.embed.images.
func (s *Server) validateEmbed(did string, raw json.RawMessage) *xrpcError {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var e imagesValue
	if json.Unmarshal(raw, &e) != nil || e.Type != "app.bsky.embed.images" {
		return invalidPost("this fake knows only app.bsky.embed.images embeds")
	}
	if len(e.Images) > MaxImages {
		return invalidPost("Record/embed/images must not have more than %d elements", MaxImages)
	}
	for i, img := range e.Images {
		if img.Alt == nil {
			return invalidPost(`Record/embed/images/%d must have the property "alt"`, i)
		}
		b := s.blobs[img.Image.Ref.Link]
		switch {
		case b == nil || b.did != did:
			return invalidRequest("Could not find blob: " + img.Image.Ref.Link)
		case !strings.HasPrefix(b.mime, "image/"):
			return invalidRequest(fmt.Sprintf("Wrong type of file. It is %s but it must match image/*.", b.mime))
		case b.size > MaxImageBytes:
			return invalidRequest(fmt.Sprintf("This file is too large. It is %d bytes but the maximum size is %d bytes.", b.size, MaxImageBytes))
		}
	}
	return nil
}

// getRecord returns a stored record or 400 RecordNotFound.
func (s *Server) getRecord(c *call) (any, *xrpcError) {
	q := c.r.URL.Query()
	repo, coll, rkey := q.Get("repo"), q.Get("collection"), q.Get("rkey")
	if a := s.find(repo); a != nil {
		repo = a.DID
	}
	uri := "at://" + repo + "/" + coll + "/" + rkey
	r, ok := s.records[repo+"/"+coll+"/"+rkey]
	if !ok {
		return nil, &xrpcError{Status: http.StatusBadRequest, Name: "RecordNotFound", Message: "Could not locate record: " + uri}
	}
	return map[string]any{"uri": r.uri, "cid": r.cid, "value": r.value}, nil
}

type deleteRecordInput struct {
	Repo       string `json:"repo"`
	Collection string `json:"collection"`
	Rkey       string `json:"rkey"`
}

// deleteRecord removes a record; deleting a missing one succeeds (rule 8).
func (s *Server) deleteRecord(c *call) (any, *xrpcError) {
	var in deleteRecordInput
	if err := readJSON(c, &in); err != nil {
		return nil, err
	}
	a, err := s.authRepo(c, in.Repo)
	if err != nil {
		return nil, err
	}
	delete(s.records, a.DID+"/"+in.Collection+"/"+in.Rkey)
	return map[string]any{}, nil
}

// resolveHandle answers the DID of an account's handle.
func (s *Server) resolveHandle(c *call) (any, *xrpcError) {
	h := strings.ToLower(c.r.URL.Query().Get("handle"))
	for _, a := range s.accounts {
		if a.Handle == h {
			return map[string]string{"did": a.DID}, nil
		}
	}
	return nil, invalidRequest("Unable to resolve handle")
}
