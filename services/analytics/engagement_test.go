package analytics_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"webox-social/services/analytics"
	"webox-social/services/platforms"
)

func TestEngagementRate(t *testing.T) {
	const na = platforms.NotProvided
	tests := []struct {
		name   string
		in     platforms.PostMetrics
		want   float64
		wantOK bool
	}{
		{"seed example", platforms.PostMetrics{Views: 1000, Likes: 40, Comments: 5, Shares: 5}, 5, true},
		{"saves do not count", platforms.PostMetrics{Views: 200, Likes: 10, Saves: 90}, 5, true},
		{"rounds down", platforms.PostMetrics{Views: 3, Likes: 1}, 33.33, true},       // 33.333…
		{"rounds up", platforms.PostMetrics{Views: 3, Likes: 2}, 66.67, true},         // 66.666…
		{"half rounds away", platforms.PostMetrics{Views: 800, Likes: 1}, 0.13, true}, // 0.125
		{"more than 100%", platforms.PostMetrics{Views: 10, Likes: 12, Shares: 3}, 150, true},
		{"no engagement", platforms.PostMetrics{Views: 500}, 0, true},
		{"zero views", platforms.PostMetrics{Views: 0, Likes: 4}, 0, false},
		{"views not provided", platforms.PostMetrics{Views: na, Likes: 4, Shares: 1}, 0, false},
		{"likes not provided", platforms.PostMetrics{Views: 400, Likes: na, Comments: 6, Shares: 2}, 2, true},
		{"nothing provided", platforms.PostMetrics{Views: na, Likes: na, Comments: na, Shares: na, Saves: na}, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := analytics.EngagementRate(tc.in)
			assert.Equal(t, tc.wantOK, ok, "EngagementRate(%+v) ok", tc.in)
			assert.InDelta(t, tc.want, got, 1e-9, "EngagementRate(%+v) = %v, want %v", tc.in, got, tc.want)
		})
	}
}

func TestPeriodPrevious(t *testing.T) {
	p := analytics.Period{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}
	prev := p.Previous()
	assert.Equal(t, time.Date(2026, 1, 30, 0, 0, 0, 0, time.UTC), prev.From)
	assert.Equal(t, p.From, prev.To)
}
