package ai

import (
	"context"
	"time"
)

// SetSleeper replaces the wait between tries, so tests never sleep.
func SetSleeper(c *Client, sleep func(ctx context.Context, d time.Duration) error) { c.sleep = sleep }

// SetJitter replaces the random part of the backoff.
func SetJitter(c *Client, jitter func(d time.Duration) time.Duration) { c.jitter = jitter }
