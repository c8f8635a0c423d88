package localapi

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"webox-social/app"
	"webox-social/services/model"
	"webox-social/wire"
)

// listLimitMax bounds ?limit on GET /posts.
const listLimitMax = 500

func (s *server) listPosts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := model.PostFilter{Status: model.PostStatus(q.Get("status")), Platform: model.Platform(q.Get("platform")),
		Query: q.Get("q")}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > listLimitMax {
			writeError(w, http.StatusBadRequest, "bad_limit", "The limit must be a whole number from 1 to 500.")
			return
		}
		f.Limit = n
	}
	posts, err := s.core.ListPosts(r.Context(), f)
	if err != nil {
		writeAppError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, postsOut{Posts: wire.Map(posts, wire.PostOf)})
}

func (s *server) createPost(w http.ResponseWriter, r *http.Request) {
	s.savePost(w, r, http.StatusCreated, s.core.CreatePost)
}

// savePost reads a post body, turns it into a draft (platforms, media_urls) and saves it
// with save, answering status and the post.
func (s *server) savePost(w http.ResponseWriter, r *http.Request, status int,
	save func(context.Context, app.Draft) (model.Post, error)) {
	var in postInput
	if !decode(w, r, &in) {
		return
	}
	d, ok := s.draftOf(w, r, in)
	if !ok {
		return
	}
	d, done, ok := s.withMedia(w, r, d, in.MediaURLs)
	if !ok {
		return
	}
	defer done()
	p, err := save(r.Context(), d)
	if err != nil {
		writeAppError(w, err)
		return
	}
	writeJSON(w, status, wire.PostOf(p))
}

// draftOf is the body as a draft, the seed's platforms turned into every connected
// account of those networks; it writes a 400 for a network with no account.
func (s *server) draftOf(w http.ResponseWriter, r *http.Request, in postInput) (app.Draft, bool) {
	d := in.draft()
	if len(in.Platforms) == 0 {
		return d, true
	}
	accts, err := s.core.Accounts(r.Context())
	if err != nil {
		writeAppError(w, err)
		return d, false
	}
	for _, name := range in.Platforms {
		matched := false
		for _, a := range accts {
			if string(a.Platform) != name {
				continue
			}
			matched = true
			if !slices.Contains(d.AccountIDs, a.ID) {
				d.AccountIDs = append(d.AccountIDs, a.ID)
			}
		}
		if !matched {
			writeError(w, http.StatusBadRequest, "unknown_platform", "No "+name+" account is connected in this workspace.")
			return d, false
		}
	}
	return d, true
}

// withMedia adds the seed's media_urls to the draft's files, downloading web addresses;
// done removes the downloads once the post is saved. It writes the error when one fails.
func (s *server) withMedia(w http.ResponseWriter, r *http.Request, d app.Draft, urls []string) (app.Draft, func(), bool) {
	if len(urls) == 0 {
		return d, func() {}, true
	}
	paths, done, err := s.core.DownloadMedia(r.Context(), urls)
	if err != nil {
		writeAppError(w, err)
		return d, nil, false
	}
	d.MediaPaths = append(d.MediaPaths, paths...)
	return d, done, true
}

func (s *server) getPost(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	p, err := s.core.GetPost(r.Context(), id)
	if err != nil {
		writeAppError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.PostOf(p))
}

func (s *server) updatePost(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	s.savePost(w, r, http.StatusOK, func(ctx context.Context, d app.Draft) (model.Post, error) {
		return s.core.UpdatePost(ctx, id, d)
	})
}

func (s *server) deletePost(w http.ResponseWriter, r *http.Request) {
	postAction(s, w, r, s.core.DeletePost)
}

func (s *server) publishPost(w http.ResponseWriter, r *http.Request) {
	postAction(s, w, r, s.core.PublishNow)
}

func (s *server) cancelPost(w http.ResponseWriter, r *http.Request) {
	postAction(s, w, r, s.core.CancelPost)
}

func (s *server) schedulePost(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var in scheduleInput
	if !decode(w, r, &in) {
		return
	}
	if in.ScheduledTime.IsZero() {
		writeError(w, http.StatusBadRequest, "missing_time", "Give scheduled_time as an RFC 3339 date and time.")
		return
	}
	if err := s.core.SchedulePost(r.Context(), id, in.ScheduledTime, in.Zone); err != nil {
		writeAppError(w, err)
		return
	}
	s.writePost(w, r, id)
}

// postAction runs act on the post named in the path; DELETE answers 204, the others the post.
func postAction(s *server, w http.ResponseWriter, r *http.Request, act func(ctx context.Context, id int64) error) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	if err := act(r.Context(), id); err != nil {
		writeAppError(w, err)
		return
	}
	if r.Method == http.MethodDelete {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	s.writePost(w, r, id)
}

// writePost answers with the post's current state.
func (s *server) writePost(w http.ResponseWriter, r *http.Request, id int64) {
	p, err := s.core.GetPost(r.Context(), id)
	if err != nil {
		writeAppError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, wire.PostOf(p))
}

// --- AI and analysis ---

func (s *server) generateCaption(w http.ResponseWriter, r *http.Request) {
	var in captionInput
	if !decode(w, r, &in) {
		return
	}
	res, err := s.core.GenerateCaption(r.Context(), app.CaptionRequest{Topic: in.Topic, Tone: in.Tone,
		Language: in.Language, Length: in.Length, Networks: in.Platforms, Alternatives: in.Alternatives}, nil)
	if err != nil {
		writeAppError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, captionsOut{Captions: res.Variants})
}

func (s *server) generateHashtags(w http.ResponseWriter, r *http.Request) {
	var in hashtagsInput
	if !decode(w, r, &in) {
		return
	}
	res, err := s.core.SuggestHashtags(r.Context(), in.Content, in.Platform, in.Count)
	if err != nil {
		writeAppError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, hashtagsOut{Hashtags: wire.NonNil(res.Tags), Local: res.Local})
}

func (s *server) suggestTimes(w http.ResponseWriter, r *http.Request) {
	var in timesInput
	if !decode(w, r, &in) {
		return
	}
	res, err := s.core.SuggestTime(r.Context(), in.AccountIDs)
	if err != nil {
		writeAppError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, timesOut{ScheduledTime: res.At, Zone: res.Zone, Platform: string(res.Network),
		PostsWithMetrics: res.Posts})
}

func (s *server) analyzeContent(w http.ResponseWriter, r *http.Request) {
	var in postInput
	if !decode(w, r, &in) {
		return
	}
	accts, err := s.core.Accounts(r.Context())
	if err != nil {
		writeAppError(w, err)
		return
	}
	chosen := make([]model.Account, 0, len(in.AccountIDs))
	for _, a := range accts {
		if slices.Contains(in.AccountIDs, a.ID) {
			chosen = append(chosen, a)
		}
	}
	rep, err := s.core.Analyze(r.Context(), in.draft(), chosen)
	if err != nil {
		writeAppError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, analysisOut{Level: rep.Worst(), Findings: wire.Map(rep.Items, toFinding)})
}

func toFinding(f app.Finding) findingJSON {
	return findingJSON{Platform: string(f.Network), Level: f.Level, Message: f.Message}
}
