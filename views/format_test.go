package views

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestExcerpt(t *testing.T) {
	tests := []struct{ in, want string }{
		{"short", "short"},
		{"  one\ntwo", "one …"},
		{"abcdefghijkl", "abcdefghi…"},
		{"👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦", "👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, excerpt(tc.in, 10), "excerpt(%q)", tc.in)
	}
}

func TestNextRoundHour(t *testing.T) {
	kolkata := time.FixedZone("IST", 5*3600+1800)
	now := time.Date(2030, 5, 1, 14, 10, 0, 0, kolkata)
	assert.Equal(t, time.Date(2030, 5, 1, 15, 0, 0, 0, kolkata), nextRoundHour(now, kolkata))
}

func TestNormalizeInstance(t *testing.T) {
	assert.Equal(t, "https://mastodon.social", normalizeInstance(" mastodon.social/ "))
	assert.Equal(t, "http://127.0.0.1:8080", normalizeInstance("http://127.0.0.1:8080"))
	assert.Equal(t, "", normalizeInstance("  "))
}

func TestZoneLocation(t *testing.T) {
	loc, name := zoneLocation("Local")
	assert.Equal(t, time.Local, loc)
	assert.NotEmpty(t, name)
	_, name = zoneLocation("UTC")
	assert.Equal(t, "UTC", name)
}
