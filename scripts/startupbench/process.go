package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const (
	// runTimeout bounds one run's wait for its window.
	runTimeout = 60 * time.Second
	// stopGrace is how long a program gets to exit after SIGTERM before SIGKILL.
	stopGrace = 5 * time.Second
	// framePoll and mapPoll are the polling intervals of the two startup signals.
	framePoll = 2 * time.Millisecond
	mapPoll   = 5 * time.Millisecond
)

var errExited = errors.New("the program exited before it was measured")

// child is one started program, in its own process group.
type child struct {
	cmd    *exec.Cmd
	out    *outputBuffer
	exited chan struct{}
	err    error
}

func start(argv []string) (*child, error) {
	c := &child{cmd: exec.Command(argv[0], argv[1:]...), out: &outputBuffer{}, exited: make(chan struct{})}
	c.cmd.Stdout, c.cmd.Stderr = c.out, c.out
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", argv[0], err)
	}
	go func() {
		c.err = c.cmd.Wait()
		close(c.exited)
	}()
	return c, nil
}

// stop sends SIGTERM to the program's group, then SIGKILL after stopGrace, and waits.
func (c *child) stop() {
	pgid := -c.cmd.Process.Pid
	_ = syscall.Kill(pgid, syscall.SIGTERM)
	t := time.NewTimer(stopGrace)
	defer t.Stop()
	select {
	case <-c.exited:
	case <-t.C:
		_ = syscall.Kill(pgid, syscall.SIGKILL)
		<-c.exited
	}
	// Anything the program left in its group (it should leave nothing) goes too.
	_ = syscall.Kill(pgid, syscall.SIGKILL)
}

// context is ctx cancelled with errExited when the program ends.
func (c *child) context(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(ctx)
	go func() {
		select {
		case <-c.exited:
			cancel(errExited)
		case <-ctx.Done():
		}
	}()
	return ctx, func() { cancel(context.Canceled) }
}

// measure runs the program once, and waits for its idle RSS unless cfg.idle is 0.
func measure(ctx context.Context, cfg config, fb *framebuffer) (result, error) {
	ctx, cancel := context.WithTimeout(ctx, runTimeout+cfg.idle)
	defer cancel()
	if err := waitDisplay(ctx); err != nil {
		return result{}, err
	}
	if err := fb.checkBlank(); err != nil {
		return result{}, err
	}
	t0 := time.Now()
	c, err := start(cfg.argv)
	if err != nil {
		return result{}, err
	}
	defer c.stop()
	r, err := startupTimes(ctx, cfg, fb, c, t0)
	if err == nil && cfg.idle > 0 {
		r.rssKB, err = idleRSS(ctx, c, t0.Add(cfg.idle))
	}
	if err != nil {
		return result{}, fmt.Errorf("%w\n--- program output ---\n%s", err, c.out)
	}
	return r, nil
}

// startupTimes waits for both signals: window mapped (xdotool) and first frame painted.
func startupTimes(ctx context.Context, cfg config, fb *framebuffer, c *child, t0 time.Time) (result, error) {
	ctx, cancel := c.context(ctx)
	defer cancel()
	var r result
	var mapErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		r.mapped, mapErr = poll(ctx, t0, mapPoll, func() bool { return windowVisible(ctx, cfg.name) })
	})
	frame, err := poll(ctx, t0, framePoll, func() bool { return fb.distinct(cfg.colors) >= cfg.colors })
	wg.Wait()
	if err != nil {
		return r, fmt.Errorf("waiting for the first frame: %w", err)
	}
	if mapErr != nil {
		return r, fmt.Errorf("waiting for the window to be mapped: %w", mapErr)
	}
	r.frame = frame
	return r, nil
}

// waitDisplay waits until the X server accepts a client (xvfb-run's readiness check can
// let the command start before Xvfb does).
func waitDisplay(ctx context.Context) error {
	tries := 0
	waited, err := poll(ctx, time.Now(), 20*time.Millisecond, func() bool {
		tries++
		return exec.CommandContext(ctx, "xdotool", "getdisplaygeometry").Run() == nil
	})
	if err != nil {
		return fmt.Errorf("the display %s never accepted a client: %w", os.Getenv("DISPLAY"), err)
	}
	if tries > 1 {
		fmt.Fprintf(os.Stderr, "startupbench: display %s accepted a client after %d tries (%s)\n",
			os.Getenv("DISPLAY"), tries, waited.Round(time.Millisecond))
	}
	return nil
}

// windowVisible asks xdotool once whether a visible window has the given name.
func windowVisible(ctx context.Context, name string) bool {
	out, err := exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--name", name).Output()
	return err == nil && len(bytes.TrimSpace(out)) > 0
}

// idleRSS waits until at, then reads the program's VmRSS.
func idleRSS(ctx context.Context, c *child, at time.Time) (int, error) {
	t := time.NewTimer(time.Until(at))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-c.exited:
		return 0, errExited
	case <-t.C:
	}
	return vmRSS(c.cmd.Process.Pid)
}

// vmRSS reads VmRSS (kB) from /proc/PID/status.
func vmRSS(pid int) (int, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("read VmRSS: %w", err)
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				return 0, fmt.Errorf("parse VmRSS %q: %w", rest, err)
			}
			return kb, nil
		}
	}
	return 0, fmt.Errorf("no VmRSS line in /proc/%d/status", pid)
}

// outputBuffer keeps the first and the last 4 kB a program wrote, for error messages
// (a panic's message is at the top of its trace).
type outputBuffer struct {
	mu         sync.Mutex
	head, tail []byte
	dropped    bool
}

const outputKeep = 4096

func (o *outputBuffer) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := len(p)
	if room := outputKeep - len(o.head); room > 0 {
		take := min(room, len(p))
		o.head, p = append(o.head, p[:take]...), p[take:]
	}
	o.tail = append(o.tail, p...)
	if over := len(o.tail) - outputKeep; over > 0 {
		o.tail, o.dropped = o.tail[over:], true
	}
	return n, nil
}

func (o *outputBuffer) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	gap := ""
	if o.dropped {
		gap = "\n[...]\n"
	}
	return string(o.head) + gap + string(o.tail)
}
