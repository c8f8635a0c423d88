package localapi

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
)

// Runner serves the API while Settings has it switched on: Apply starts, restarts or
// stops it when the switch or the address changes, without restarting the app.
type Runner struct {
	mu   sync.Mutex
	stop func() // stops the running server and waits for it; nil when none runs
	addr string // the address it listens on, "" when stopped
}

// Apply stops the server that runs, then, when on, listens on addr (127.0.0.1 only) and
// serves h until ctx ends or the next Apply. A listen error (a port in use) is returned
// at once, so Settings can say it.
func (r *Runner) Apply(ctx context.Context, on bool, addr string, h http.Handler) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopLocked()
	if !on {
		return nil
	}
	ln, err := listenLoopback(addr)
	if err != nil {
		return err
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = serveOn(sctx, ln, h) // serveOn logs its own start; a shutdown error only delays the stop
	}()
	r.stop = func() { cancel(); <-done }
	r.addr = ln.Addr().String()
	return nil
}

// Addr is the address the API listens on, "" when it is stopped.
func (r *Runner) Addr() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.addr
}

// Stop stops the server, if one runs, and waits for requests in flight.
func (r *Runner) Stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopLocked()
}

func (r *Runner) stopLocked() {
	if r.stop != nil {
		r.stop()
		r.stop, r.addr = nil, ""
	}
}

// listenLoopback listens on addr, which must name 127.0.0.1.
func listenLoopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("localapi: address %q: %w", addr, err)
	}
	if host != "127.0.0.1" {
		return nil, fmt.Errorf("%w (got %q)", ErrNotLoopback, host)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("localapi: listen %s: %w", addr, err)
	}
	return ln, nil
}
