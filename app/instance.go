package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"webox-social/services/model"
)

// Instance is the single-instance guard of a data dir: one publisher per data dir, so
// a post is never delivered by two processes. A second start asks the first to show
// its window and exits.
type Instance struct {
	lock     *flock.Flock
	listener net.Listener
	portFile string
}

// AcquireInstance takes the data dir's lock. When another process holds it, it asks that
// process to show its window and returns an error wrapping model.ErrAlreadyRunning.
func AcquireInstance(dataDir string) (*Instance, error) {
	lock := flock.New(filepath.Join(dataDir, "webox-social.lock"))
	ok, err := lock.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock the data folder %s: %w", dataDir, err)
	}
	portFile := filepath.Join(dataDir, portFileName)
	if !ok {
		signalShow(portFile)
		return nil, &userError{kind: model.ErrAlreadyRunning,
			msg: "Webox Social is already running with this data folder; its window was brought to the front."}
	}
	return &Instance{lock: lock, portFile: portFile}, nil
}

// ListenForShow calls onShow whenever a second start asks this instance to show itself,
// and onWake (when not nil) whenever a command-line run changed posts (see SignalWake).
func (in *Instance) ListenForShow(onShow, onWake func(), log *slog.Logger) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen for a second start: %w", err)
	}
	in.listener = l
	if err := os.WriteFile(in.portFile, []byte(l.Addr().String()), 0o600); err != nil {
		return fmt.Errorf("write %s: %w", in.portFile, err)
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			line, _ := bufio.NewReader(c).ReadString('\n')
			c.Close()
			switch strings.TrimSpace(line) {
			case "show":
				log.Info("second start: showing the window")
				onShow()
			case "wake":
				if onWake != nil {
					log.Info("the command line changed posts: replanning")
					onWake()
				}
			}
		}
	}()
	return nil
}

// Release stops listening and unlocks the data dir.
func (in *Instance) Release() error {
	if in.listener != nil {
		in.listener.Close()
		os.Remove(in.portFile)
	}
	return in.lock.Unlock()
}

// portFileName holds the running instance's loopback address, in the data dir.
const portFileName = "instance.addr"

func signalShow(portFile string) { _ = signal(portFile, "show") }

// SignalWake tells the instance running on dataDir, if any, that posts changed outside it
// (the command line), so its publisher plans again. It reports whether one was told:
// without a running instance nothing publishes.
func SignalWake(dataDir string) bool { return signal(filepath.Join(dataDir, portFileName), "wake") }

// signal sends one line to the running instance whose address is in portFile and
// reports whether it was sent.
func signal(portFile, line string) bool {
	addr, err := os.ReadFile(portFile)
	if err != nil {
		return false
	}
	c, err := net.DialTimeout("tcp", strings.TrimSpace(string(addr)), time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	_, err = c.Write([]byte(line + "\n"))
	return err == nil
}

// IsAlreadyRunning tells whether err comes from a second start.
func IsAlreadyRunning(err error) bool { return errors.Is(err, model.ErrAlreadyRunning) }

// PostsChangedElsewhere makes the publisher plan again and the screens reload after
// another process (the command line) changed posts in the same data folder.
func (a *App) PostsChangedElsewhere(ctx context.Context) {
	a.engine.Wake()
	a.events.Posts.Publish(ctx, PostChanged{})
}
