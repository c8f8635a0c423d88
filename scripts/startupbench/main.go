// Command startupbench measures, for make bench, how fast a desktop program shows its
// window and how much memory it holds once idle. It runs the program once on a fresh
// Xvfb display (started with -fbdir and -noreset) and prints one line,
// "mapped_ms=… frame_ms=… rss_kb=…", where
//
//   - mapped: from exec until `xdotool search --onlyvisible --name NAME` finds the
//     window (polled every 5 ms, not with --sync, which polls every 500 ms);
//   - frame: from exec until the first frame is on screen, read straight from the Xvfb
//     framebuffer: the screen, black on a fresh display, shows at least -colors distinct
//     pixel values, i.e. the window has been painted with its text;
//   - rss: VmRSS from /proc/PID/status, -idle after exec (0: not measured, for warm-ups).
//
// Usage:
//
//	startupbench -fb DIR/Xvfb_screen0 -name REGEX [-idle 10s] -- CMD ARGS...
//
// The program is stopped (SIGTERM to its process group, SIGKILL after 5 s) and waited
// for before startupbench returns, also when startupbench is interrupted. Use a fresh
// display for every run: a window that is gone leaves its pixels behind on a root
// window without a background, and without -noreset the server resets (and refuses
// clients for a moment) whenever its last client leaves.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

type config struct {
	fbPath string
	name   string
	idle   time.Duration
	colors int
	argv   []string
}

// result is one run's measurements.
type result struct {
	mapped, frame time.Duration
	rssKB         int
}

func main() {
	// Ctrl+C or SIGTERM ends the run; its program is still stopped.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := parseFlags()
	if err == nil {
		err = run(ctx, cfg)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "startupbench:", err)
		stop()
		os.Exit(1)
	}
}

func parseFlags() (config, error) {
	var c config
	flag.StringVar(&c.fbPath, "fb", "", "Xvfb framebuffer file (Xvfb -fbdir DIR makes DIR/Xvfb_screen0)")
	flag.StringVar(&c.name, "name", "", "window title regexp for xdotool search")
	flag.DurationVar(&c.idle, "idle", 10*time.Second, "read VmRSS this long after exec; 0 skips it")
	flag.IntVar(&c.colors, "colors", 16, "distinct pixel values that make a painted frame")
	flag.Parse()
	c.argv = flag.Args()
	if c.fbPath == "" || c.name == "" || len(c.argv) == 0 {
		return c, errors.New("usage: startupbench -fb FILE -name REGEX [-idle 10s] -- CMD ARGS...")
	}
	return c, nil
}

func run(ctx context.Context, cfg config) error {
	fb, err := openFramebuffer(cfg.fbPath)
	if err != nil {
		return err
	}
	defer fb.close()
	r, err := measure(ctx, cfg, fb)
	if err != nil {
		return err
	}
	fmt.Printf("mapped_ms=%.1f frame_ms=%.1f rss_kb=%d\n", ms(r.mapped), ms(r.frame), r.rssKB)
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
