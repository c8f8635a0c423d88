package instagramfake

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// createContainer is POST /{ig-user-id}/media: one image, video or story, a carousel
// child (is_carousel_item=true) or a carousel of 2..10 finished children.
func (s *Server) createContainer(pc *pcall) reply {
	owner, rep, ok := s.edge(pc, true)
	if !ok {
		return rep
	}
	q := pc.q
	if rep, ok := checkSource(q); !ok {
		return rep
	}
	if rep, ok := checkCaption(q.Get("caption")); !ok {
		return rep
	}
	if pc.fetched.status != 0 {
		return pc.fetched
	}
	c := &Container{ID: s.pub.nextID(), UserID: owner, MediaType: cmpOr(q.Get("media_type"), "IMAGE"),
		ImageURL: q.Get("image_url"), VideoURL: q.Get("video_url"), Caption: q.Get("caption"), AltText: q.Get("alt_text"),
		CarouselItem: q.Get("is_carousel_item") == "true", Created: pc.now, Status: StatusInProgress}
	if c.MediaType == "CAROUSEL" {
		if rep, ok := s.takeChildren(c, owner, q.Get("children"), pc.now); !ok {
			return rep
		}
	}
	c.pollsNeeded, c.failWith, s.pub.failNext = s.pub.pollsUntil, s.pub.failNext, 0
	s.settle(c)
	s.pub.containers[c.ID] = c
	return jsonReply(map[string]string{"id": c.ID})
}

func cmpOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// checkSource enforces exactly one source per media_type: image_url for images,
// video_url for REELS and VIDEO carousel children, either for STORIES, children for
// CAROUSEL; alt_text only on images.
func checkSource(q url.Values) (reply, bool) {
	img, vid, kids := q.Get("image_url") != "", q.Get("video_url") != "", q.Get("children") != ""
	item := q.Get("is_carousel_item") == "true"
	mt := q.Get("media_type")
	switch {
	case !slices.Contains([]string{"", "REELS", "STORIES", "CAROUSEL", "VIDEO"}, mt):
		return paramErr("The parameter media_type must be one of {REELS, STORIES, CAROUSEL, VIDEO}."), false
	case mt == "VIDEO" && !item:
		return paramErr("The media type VIDEO is no longer supported for feed videos; use REELS."), false
	case item && (mt == "CAROUSEL" || mt == "STORIES" || mt == "REELS"):
		return paramErr("Only images and videos can be carousel items."), false
	case mt == "CAROUSEL" && (img || vid || !kids):
		return paramErr("The parameter children is required."), false
	case mt != "CAROUSEL" && kids:
		return paramErr("The parameter children is only allowed with media_type CAROUSEL."), false
	case mt == "" && (vid || !img):
		return paramErr("The parameter image_url is required."), false
	case (mt == "REELS" || mt == "VIDEO") && (img || !vid):
		return paramErr("The parameter video_url is required."), false
	case mt == "STORIES" && img == vid:
		return paramErr("Exactly one of image_url or video_url is required."), false
	case q.Get("alt_text") != "" && !img:
		return paramErr("The parameter alt_text is only supported for images."), false
	}
	return reply{}, true
}

// takeChildren checks and claims a carousel's children: 2..10 of the owner's finished
// carousel items, each used once.
func (s *Server) takeChildren(c *Container, owner, list string, now time.Time) (reply, bool) {
	ids := strings.Split(list, ",")
	if len(ids) < MinCarousel || len(ids) > MaxCarousel {
		return userErr(100, 2207028, "Invalid parameter", "Carousel validation failed",
			fmt.Sprintf("A carousel needs %d to %d photos or videos; %d were given.", MinCarousel, MaxCarousel, len(ids))), false
	}
	for _, id := range ids {
		ch, ok := s.pub.containers[strings.TrimSpace(id)]
		if !ok || ch.UserID != owner || !ch.CarouselItem || ch.inCarousel {
			return userErr(100, 2207028, "Invalid parameter", "Carousel validation failed",
				"The carousel item "+id+" is not a container made for this carousel."), false
		}
		s.expire(ch, now)
		if ch.Status != StatusFinished {
			return notReady(), false
		}
	}
	for _, id := range ids {
		s.pub.containers[strings.TrimSpace(id)].inCarousel = true
		c.Children = append(c.Children, strings.TrimSpace(id))
	}
	return reply{}, true
}

// settle moves an IN_PROGRESS container on once it was read pollsNeeded times.
func (s *Server) settle(c *Container) {
	if c.Status != StatusInProgress || c.polls < c.pollsNeeded {
		return
	}
	c.Status = StatusFinished
	if c.failWith != 0 {
		c.Status, c.ErrorSubcode = StatusError, c.failWith
	}
}

// expire marks a container not published within ContainerTTL as EXPIRED.
func (s *Server) expire(c *Container, now time.Time) {
	if (c.Status == StatusInProgress || c.Status == StatusFinished) && !now.Before(c.Created.Add(s.opts.ContainerTTL)) {
		c.Status = StatusExpired
	}
}

// statusWords is the container's status field for its status_code.
func statusWords(c *Container) string {
	switch c.Status {
	case StatusInProgress:
		return "In Progress: Media is still being processed."
	case StatusFinished:
		return "Finished: Media has been uploaded and it is ready to be published."
	case StatusError:
		return "Error: Media upload has failed with error code " + strconv.Itoa(c.ErrorSubcode) + "."
	case StatusExpired:
		return "Expired: Media was not published within 24 hours."
	}
	return "Published: Media has been successfully published."
}

func notReady() reply {
	return userErr(9007, 2207027, "Media ID is not available", "Media Not Ready For Publishing", "The media is not ready for publishing, please wait for a moment")
}

// publish is POST /{ig-user-id}/media_publish?creation_id=: a FINISHED container of
// the account becomes one media, within the publishing quota; anything else is refused
// and never makes a second media.
func (s *Server) publish(pc *pcall) reply {
	owner, rep, ok := s.edge(pc, true)
	if !ok {
		return rep
	}
	id := pc.q.Get("creation_id")
	c, ok := s.pub.containers[id]
	switch {
	case id == "":
		return paramErr("The parameter creation_id is required.")
	case !ok || c.UserID != owner:
		return userErr(9007, 2207006, "Media ID is not available", "Media Not Found", "The media with id "+id+" cannot be found.")
	case c.CarouselItem:
		return paramErr("A carousel item cannot be published on its own; publish the carousel container.")
	}
	s.expire(c, pc.now)
	if rep, ok := publishable(c); !ok {
		return rep
	}
	if s.quotaUsed(owner, pc.now) >= s.opts.PublishQuota {
		return userErr(9, 2207042, "Application request limit reached", "Max publish limit reached",
			"You reached maximum number of posts that is allowed to be published by Content Publishing API.")
	}
	m := s.addMedia(c, pc.now)
	s.pub.published[owner] = append(s.pub.published[owner], pc.now)
	return jsonReply(map[string]string{"id": m.ID})
}

// publishable refuses a container that is not FINISHED with Meta's subcodes.
func publishable(c *Container) (reply, bool) {
	switch c.Status {
	case StatusInProgress:
		return notReady(), false
	case StatusExpired:
		return userErr(9007, 2207020, "Media ID is not available", "Media Expired",
			"The media you are trying to publish has expired. Please try to create a new media container."), false
	case StatusError:
		return userErr(9007, c.ErrorSubcode, "Media ID is not available", "Media Processing Failed",
			"The media could not be processed, so it cannot be published."), false
	case StatusPublished:
		return userErr(9007, 2207008, "Media ID is not available", "Media Already Published",
			"This media container has already been published."), false
	}
	return reply{}, true
}

// addMedia turns a container (and its children) into published media.
func (s *Server) addMedia(c *Container, now time.Time) *Media {
	m := &Media{ID: s.pub.nextID(), UserID: c.UserID, ContainerID: c.ID, Caption: c.Caption, AltText: c.AltText,
		Timestamp: now, MediaType: kindOf(c), ProductType: productOf(c)}
	for _, kid := range c.Children {
		ch := s.pub.containers[kid]
		cm := &Media{ID: s.pub.nextID(), UserID: c.UserID, ContainerID: kid, MediaType: kindOf(ch), ProductType: "FEED",
			AltText: ch.AltText, Timestamp: now, Child: true}
		ch.Status, ch.MediaID = StatusPublished, cm.ID
		s.pub.media[cm.ID] = cm
		m.Children = append(m.Children, cm.ID)
	}
	m.Permalink = permalinkOf(m)
	c.Status, c.MediaID = StatusPublished, m.ID
	s.pub.media[m.ID] = m
	s.pub.order = append(s.pub.order, m.ID)
	return m
}

func kindOf(c *Container) string {
	switch {
	case c.MediaType == "CAROUSEL":
		return "CAROUSEL_ALBUM"
	case c.VideoURL != "":
		return "VIDEO"
	}
	return "IMAGE"
}

func productOf(c *Container) string {
	switch c.MediaType {
	case "STORIES":
		return "STORY"
	case "REELS":
		return "REELS"
	}
	return "FEED"
}

func permalinkOf(m *Media) string {
	code := "C" + strings.ToUpper(strconv.FormatInt(mustInt(m.ID), 36))
	switch m.ProductType {
	case "STORY":
		return "https://www.instagram.com/stories/" + m.UserID + "/" + m.ID + "/"
	case "REELS":
		return "https://www.instagram.com/reel/" + code + "/"
	}
	return "https://www.instagram.com/p/" + code + "/"
}

func mustInt(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}
