package mastodonfake

import (
	"net/http"
	"time"
)

// verifyCredentials is GET /api/v1/accounts/verify_credentials (scope profile, read or
// read:accounts).
func (s *Server) verifyCredentials(c *call) reply {
	if rep := s.auth(c, "profile", "read", "read:accounts"); rep != nil {
		return *rep
	}
	body := s.accountJSON(c.base, c.acct)
	body["source"] = map[string]any{"privacy": "public", "sensitive": false, "language": "", "note": "", "fields": []any{}}
	return jsonReply(http.StatusOK, body)
}

// instance is GET /api/v2/instance: the configuration limits the fake enforces.
func (s *Server) instance(c *call) reply {
	return jsonReply(http.StatusOK, map[string]any{
		"domain": c.r.Host, "title": "Mastodon fake", "version": "4.5.0",
		"configuration": map[string]any{
			"statuses": map[string]any{
				"max_characters": s.opts.MaxCharacters, "max_media_attachments": s.opts.MaxMediaAttachments,
				"characters_reserved_per_url": charsPerURL,
			},
			"media_attachments": map[string]any{
				"image_size_limit": s.opts.ImageSizeLimit, "video_size_limit": s.opts.VideoSizeLimit,
				"supported_mime_types": []string{"image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/avif", "video/mp4", "video/quicktime", "video/webm", "audio/mpeg", "audio/ogg", "audio/wav"},
				"description_limit":    maxDescription,
			},
		},
	})
}

func (s *Server) accountJSON(base string, a *Account) map[string]any {
	n := 0
	for _, st := range s.st.Statuses {
		if st.AccountID == a.ID && !st.Deleted {
			n++
		}
	}
	avatar := base + "/avatars/original/missing.png"
	return map[string]any{
		"id": a.ID, "username": a.Username, "acct": a.Username, "display_name": a.DisplayName,
		"locked": false, "bot": false, "created_at": apiTime(a.CreatedAt.Truncate(24 * time.Hour)),
		"note": "", "url": base + "/@" + a.Username, "uri": base + "/users/" + a.Username,
		"avatar": avatar, "avatar_static": avatar, "header": base + "/headers/original/missing.png",
		"followers_count": a.FollowersCount, "following_count": 0, "statuses_count": n,
		"emojis": []any{}, "fields": []any{},
	}
}

func (s *Server) statusJSON(base string, st *Status) map[string]any {
	a := s.st.Accounts[st.AccountID]
	media := make([]map[string]any, 0, len(st.MediaIDs))
	for _, id := range st.MediaIDs {
		if m := s.st.Media[id]; m != nil {
			media = append(media, mediaJSON(base, m))
		}
	}
	var app any
	if ap := s.st.Apps[st.ClientID]; ap != nil {
		app = map[string]any{"name": ap.Name, "website": nullable(ap.Website)}
	}
	return map[string]any{
		"id": st.ID, "created_at": apiTime(st.CreatedAt), "in_reply_to_id": nullable(st.InReplyToID),
		"in_reply_to_account_id": nil, "sensitive": st.Sensitive, "spoiler_text": st.SpoilerText,
		"visibility": st.Visibility, "language": st.Language,
		"uri": base + "/users/" + a.Username + "/statuses/" + st.ID, "url": base + "/@" + a.Username + "/" + st.ID,
		"replies_count": st.Replies, "reblogs_count": st.Reblogs, "favourites_count": st.Favourites, "quotes_count": 0,
		"edited_at": nil, "content": renderHTML(base, st.Text), "reblog": nil, "application": app,
		"account": s.accountJSON(base, a), "media_attachments": media, "mentions": []any{}, "tags": []any{},
		"emojis": []any{}, "card": nil, "poll": nil,
	}
}

func (s *Server) scheduledJSON(base string, sc *ScheduledStatus) map[string]any {
	media := make([]map[string]any, 0, len(sc.MediaIDs))
	for _, id := range sc.MediaIDs {
		if m := s.st.Media[id]; m != nil {
			media = append(media, mediaJSON(base, m))
		}
	}
	return map[string]any{
		"id": sc.ID, "scheduled_at": apiTime(sc.ScheduledAt), "media_attachments": media,
		"params": map[string]any{
			"text": sc.Text, "visibility": sc.Visibility, "media_ids": nullableList(sc.MediaIDs),
			"idempotency": nullable(sc.IdempotencyKey), "scheduled_at": nil, "poll": nil,
			"sensitive": nil, "spoiler_text": nil, "language": nil, "in_reply_to_id": nil, "application_id": 0, "with_rate_limit": false,
		},
	}
}

func mediaJSON(base string, m *Media) map[string]any {
	var u, preview any
	if m.PollsLeft == 0 {
		u = base + "/system/media_attachments/files/" + m.ID + "/original/file"
		preview = base + "/system/media_attachments/files/" + m.ID + "/small/file"
	}
	return map[string]any{
		"id": m.ID, "type": m.Type, "url": u, "preview_url": preview, "remote_url": nil,
		"preview_remote_url": nil, "text_url": nil, "meta": map[string]any{},
		"description": nullable(m.Description), "blurhash": "UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}",
	}
}

func nullableList(ids []string) any {
	if len(ids) == 0 {
		return nil
	}
	return ids
}
