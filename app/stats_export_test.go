package app

import "time"

// SetStatsStartDelay shortens the wait before the first scheduled statistics collection;
// call it before Start.
func SetStatsStartDelay(a *App, d time.Duration) { a.stats().startDelay = d }
