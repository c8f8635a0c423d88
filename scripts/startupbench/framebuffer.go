package main

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// XWD header fields (big-endian uint32s) that Xvfb writes at the top of its -fbdir file.
const (
	xwdHeaderSize   = 0
	xwdWidth        = 4
	xwdHeight       = 5
	xwdBitsPerPixel = 11
	xwdBytesPerLine = 12
	xwdNColors      = 19
	xwdColorSize    = 12 // one XWDColor entry
	xwdMinHeader    = 25 * 4
	// sampleStride: every 2nd pixel of every 2nd row is read; antialiased text still
	// shows many values.
	sampleStride = 2
)

// framebuffer is Xvfb's screen memory, mapped read-only: what is on screen, live.
type framebuffer struct {
	mem                   []byte
	pixels                []byte
	width, height, stride int
}

func openFramebuffer(path string) (*framebuffer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open the framebuffer (is Xvfb running with -fbdir?): %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("framebuffer: %w", err)
	}
	mem, err := syscall.Mmap(int(f.Fd()), 0, int(info.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("framebuffer: map %s: %w", path, err)
	}
	fb, err := parseXWD(mem)
	if err != nil {
		_ = syscall.Munmap(mem)
		return nil, err
	}
	return fb, nil
}

// parseXWD locates the pixels of a 32-bit XWD image.
func parseXWD(mem []byte) (*framebuffer, error) {
	if len(mem) < xwdMinHeader {
		return nil, fmt.Errorf("framebuffer: %d bytes is too short for an XWD header", len(mem))
	}
	field := func(i int) int { return int(binary.BigEndian.Uint32(mem[4*i:])) }
	if bpp := field(xwdBitsPerPixel); bpp != 32 {
		return nil, fmt.Errorf("framebuffer: %d bits per pixel, want 32 (use -screen 0 WxHx24)", bpp)
	}
	off := field(xwdHeaderSize) + field(xwdNColors)*xwdColorSize
	fb := &framebuffer{mem: mem, width: field(xwdWidth), height: field(xwdHeight), stride: field(xwdBytesPerLine)}
	if off+fb.height*fb.stride > len(mem) || fb.width*4 > fb.stride {
		return nil, fmt.Errorf("framebuffer: %dx%d image does not fit in %d bytes", fb.width, fb.height, len(mem))
	}
	fb.pixels = mem[off : off+fb.height*fb.stride]
	return fb, nil
}

func (fb *framebuffer) close() { _ = syscall.Munmap(fb.mem) }

// distinct counts the distinct pixel values on screen (sampled), stopping at limit.
func (fb *framebuffer) distinct(limit int) int {
	seen := make([]uint32, 0, limit)
	for y := 0; y < fb.height; y += sampleStride {
		row := fb.pixels[y*fb.stride : y*fb.stride+fb.width*4]
		for x := 0; x < len(row); x += 4 * sampleStride {
			seen = addValue(seen, binary.LittleEndian.Uint32(row[x:]))
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// addValue appends v to seen unless present; the last value is checked first because
// neighbouring pixels are mostly equal.
func addValue(seen []uint32, v uint32) []uint32 {
	if n := len(seen); n > 0 && seen[n-1] == v {
		return seen
	}
	for _, s := range seen {
		if s == v {
			return seen
		}
	}
	return append(seen, v)
}

// checkBlank makes sure the screen is one colour before the run, as on a fresh display.
func (fb *framebuffer) checkBlank() error {
	if fb.distinct(2) > 1 {
		return errors.New("the screen is not blank before the run: use a fresh Xvfb display for every run")
	}
	return nil
}

// poll calls cond every interval until it is true and returns the time since start.
func poll(ctx context.Context, start time.Time, interval time.Duration, cond func() bool) (time.Duration, error) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if cond() {
			return time.Since(start), nil
		}
		select {
		case <-ctx.Done():
			return 0, context.Cause(ctx)
		case <-t.C:
		}
	}
}
