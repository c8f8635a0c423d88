//go:build smoke

package main

import (
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"webox-social/services/platforms/mastodon/mastodonfake"
)

// runStats fills a data folder with `make demo-data`'s generator (six months of a
// bakery's posts and metrics on eight networks, up to now) and saves the Stats screen
// in the dark and the light theme.
func runStats(t *testing.T, dir string) {
	for _, theme := range []string{"dark", "light"} {
		t.Run(theme, func(t *testing.T) {
			fake := mastodonfake.New(mastodonfake.Options{})
			defer fake.Close()
			r := newRig(t, fake)
			gen := exec.Command("go", "run", "./scripts/demodata", "--data-dir", r.dir,
				"--now", time.Now().UTC().Format(time.RFC3339))
			out, err := gen.CombinedOutput()
			require.NoError(t, err, "demodata: %s", out)
			r.setLook("en", theme)
			w := r.startWindow(false)
			w.last = w.settle()
			w.click(navX, navFirstY+4*navStep) // Stats
			w.last = w.settle()
			w.save(filepath.Join(dir, "13-stats-"+theme+".png"))
			w.quit()
		})
	}
}
