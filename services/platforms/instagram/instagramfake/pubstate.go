package instagramfake

import (
	"strconv"
	"time"
)

// Container statuses (platforms.md §2 Publishing, step 2).
const (
	StatusInProgress = "IN_PROGRESS"
	StatusFinished   = "FINISHED"
	StatusError      = "ERROR"
	StatusExpired    = "EXPIRED"
	StatusPublished  = "PUBLISHED"
)

// Publishing limits the fake enforces (platforms.md §2 Limits).
const (
	MaxCaption     = 2200
	MaxHashtags    = 30
	MaxMentions    = 20
	MaxImageBytes  = 8 << 20
	MinCarousel    = 2
	MaxCarousel    = 10
	defaultPolling = 1
)

// Container is a media container as the fake holds it.
type Container struct {
	ID, UserID   string
	MediaType    string // IMAGE, VIDEO (carousel child), REELS, STORIES or CAROUSEL
	ImageURL     string
	VideoURL     string
	Caption      string
	AltText      string
	Children     []string
	CarouselItem bool
	Status       string
	ErrorSubcode int // the subcode a container in ERROR reports
	Created      time.Time
	MediaID      string // once published
	polls        int
	pollsNeeded  int
	failWith     int
	inCarousel   bool
}

// Media is a published post (or a carousel's child) as the fake holds it.
type Media struct {
	ID, UserID, ContainerID string
	MediaType               string // IMAGE, VIDEO or CAROUSEL_ALBUM
	ProductType             string // FEED, REELS or STORY
	Caption, Permalink      string
	AltText                 string
	Children                []string
	Timestamp               time.Time
	Child                   bool
	Deleted                 bool
}

// pubState is the publishing part of the Server, guarded by Server.mu.
type pubState struct {
	containers map[string]*Container
	media      map[string]*Media
	order      []string               // media ids in publishing order
	published  map[string][]time.Time // ig user id -> media_publish times (quota)
	preUsed    map[string]int         // ig user id -> quota used outside the fake
	calls      map[string][]time.Time // ig user id -> call times (BUC budget)
	loseNext   map[string]bool        // route -> act, then drop the answer
	pollsUntil int
	failNext   int
	seq        int
	epoch      time.Time
}

func (p *pubState) init(now time.Time) {
	p.containers, p.media, p.published = map[string]*Container{}, map[string]*Media{}, map[string][]time.Time{}
	p.preUsed, p.calls, p.loseNext = map[string]int{}, map[string][]time.Time{}, map[string]bool{}
	p.pollsUntil, p.epoch = defaultPolling, now
}

func (p *pubState) nextID() string {
	p.seq++
	return strconv.Itoa(17900000000000000 + p.seq)
}

// SetPollsUntilFinished sets how many status reads a new container answers
// IN_PROGRESS before FINISHED (1 by default; 0 makes containers FINISHED at once).
func (s *Server) SetPollsUntilFinished(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pub.pollsUntil = n
}

// FailNextContainer makes the next container created end in ERROR with status
// subcode (e.g. 2207026, unsupported video format) instead of FINISHED.
func (s *Server) FailNextContainer(subcode int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pub.failNext = subcode
}

// LoseNextResponse makes the next request to route ("media", "media_publish", "node",
// "limit", "list", "delete") be acted on and then answered by closing the connection,
// as a crash or a timeout would. Go's client quietly resends a GET or DELETE dropped on
// a reused connection, so the hook is meant for the POST routes.
func (s *Server) LoseNextResponse(route string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pub.loseNext[route] = true
}

// UseQuota counts n posts published outside the fake in the current window.
func (s *Server) UseQuota(igUserID string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pub.preUsed[igUserID] += n
}

// Published returns the account's live posts (not carousel children), oldest first.
func (s *Server) Published(igUserID string) []Media {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Media
	for _, id := range s.pub.order {
		if m := s.pub.media[id]; m.UserID == igUserID && !m.Child && !m.Deleted {
			out = append(out, *m)
		}
	}
	return out
}

// Containers returns every container the account created, in creation order.
func (s *Server) Containers(igUserID string) []Container {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Container
	for i := 1; i <= s.pub.seq; i++ {
		if c, ok := s.pub.containers[strconv.Itoa(17900000000000000+i)]; ok && c.UserID == igUserID {
			cp := *c
			cp.Children = append([]string(nil), c.Children...)
			out = append(out, cp)
		}
	}
	return out
}
