package store_test

import (
	"log/slog"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.DiscardHandler)) // keep "migrated" lines out of test output
	os.Exit(m.Run())
}
