package app

import (
	"bufio"
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
	portFile := filepath.Join(dataDir, "instance.addr")
	if !ok {
		signalShow(portFile)
		return nil, &userError{kind: model.ErrAlreadyRunning,
			msg: "Webox Social is already running with this data folder; its window was brought to the front."}
	}
	return &Instance{lock: lock, portFile: portFile}, nil
}

// ListenForShow calls onShow whenever a second start asks this instance to show itself.
func (in *Instance) ListenForShow(onShow func(), log *slog.Logger) error {
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
			if strings.TrimSpace(line) == "show" {
				log.Info("second start: showing the window")
				onShow()
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

func signalShow(portFile string) {
	addr, err := os.ReadFile(portFile)
	if err != nil {
		return
	}
	c, err := net.DialTimeout("tcp", strings.TrimSpace(string(addr)), time.Second)
	if err != nil {
		return
	}
	defer c.Close()
	_, _ = c.Write([]byte("show\n"))
}

// IsAlreadyRunning tells whether err comes from a second start.
func IsAlreadyRunning(err error) bool { return errors.Is(err, model.ErrAlreadyRunning) }
