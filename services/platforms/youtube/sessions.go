package youtube

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// SessionFile is the file WithSessionDir keeps the upload sessions in.
const SessionFile = "youtube-uploads.json"

// sessionTTL is how long a kept session is worth keeping: Google lets a session URI
// live for about a week.
const sessionTTL = 8 * 24 * time.Hour

// session is one resumable upload as kept between attempts.
type session struct {
	URI     string    `json:"uri"` // a capability: never logged
	Total   int64     `json:"total"`
	Mime    string    `json:"mime"`
	Started time.Time `json:"started"`
	VideoID string    `json:"video_id,omitempty"` // set once the upload completed
}

// fileMu serializes every store's read-modify-write of its file, so that two
// connectors on one directory do not lose each other's sessions.
var fileMu sync.Mutex

// sessionStore maps attempt keys to upload sessions: in a file when path is set,
// otherwise in memory. Attempts without a key are not kept.
type sessionStore struct {
	mu   sync.Mutex
	path string
	mem  map[string]session
	now  func() time.Time
}

func newSessionStore(dir string, now func() time.Time) *sessionStore {
	s := &sessionStore{mem: map[string]session{}, now: now}
	if dir != "" {
		s.path = filepath.Join(dir, SessionFile)
	}
	return s
}

// get returns the session kept for key. A file that cannot be read counts as empty
// (reconciliation then reads back the channel's uploads).
func (s *sessionStore) get(key string) (session, bool) {
	if key == "" {
		return session{}, false
	}
	s.lock()
	defer s.unlock()
	m, err := s.load()
	if err != nil {
		slog.Warn("youtube: the kept upload sessions cannot be read", "err", err)
		return session{}, false
	}
	v, ok := m[key]
	return v, ok
}

// put keeps v for key.
func (s *sessionStore) put(key string, v session) error {
	return s.update(key, func(m map[string]session) { m[key] = v })
}

// completed records the video a session's upload created.
func (s *sessionStore) completed(key, videoID string) {
	err := s.update(key, func(m map[string]session) {
		if v, ok := m[key]; ok {
			v.VideoID = videoID
			m[key] = v
		}
	})
	if err != nil {
		slog.Warn("youtube: could not record the finished upload", "attempt_key", key, "err", err)
	}
}

// drop forgets the session of key.
func (s *sessionStore) drop(key string) {
	if err := s.update(key, func(m map[string]session) { delete(m, key) }); err != nil {
		slog.Warn("youtube: could not forget an upload session", "attempt_key", key, "err", err)
	}
}

// update applies change to the sessions and saves them, dropping expired ones.
func (s *sessionStore) update(key string, change func(map[string]session)) error {
	if key == "" {
		return nil
	}
	s.lock()
	defer s.unlock()
	m, err := s.load()
	if err != nil {
		m = map[string]session{}
	}
	change(m)
	now := s.now()
	for k, v := range m {
		if now.Sub(v.Started) > sessionTTL {
			delete(m, k)
		}
	}
	return s.save(m)
}

// lock takes the store's lock, and the file lock when the sessions live in a file.
func (s *sessionStore) lock() {
	s.mu.Lock()
	if s.path != "" {
		fileMu.Lock()
	}
}

func (s *sessionStore) unlock() {
	if s.path != "" {
		fileMu.Unlock()
	}
	s.mu.Unlock()
}

// load reads the sessions (a copy of the memory map when there is no file); the caller
// holds the lock.
func (s *sessionStore) load() (map[string]session, error) {
	if s.path == "" {
		m := make(map[string]session, len(s.mem))
		for k, v := range s.mem {
			m[k] = v
		}
		return m, nil
	}
	b, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]session{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("youtube: read %s: %w", SessionFile, err)
	}
	m := map[string]session{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("youtube: decode %s: %w", SessionFile, err)
	}
	return m, nil
}

// save writes the sessions: replaced atomically, readable by the user only. The caller
// holds the lock.
func (s *sessionStore) save(m map[string]session) error {
	if s.path == "" {
		s.mem = m
		return nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("youtube: encode the upload sessions: %w", err)
	}
	if err := writePrivate(s.path, b); err != nil {
		return fmt.Errorf("youtube: save the upload sessions: %w", err)
	}
	return nil
}

// writePrivate replaces path with b atomically (a temporary file renamed over it),
// readable by the user only: os.CreateTemp makes it 0600, its folder is made 0700.
func writePrivate(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
