package app

import (
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSecondInstanceIsRefusedAndShowsTheFirst(t *testing.T) {
	dir := t.TempDir()
	first, err := AcquireInstance(dir)
	require.NoError(t, err)
	shown := make(chan struct{}, 1)
	require.NoError(t, first.ListenForShow(func() { shown <- struct{}{} }, nil, discardLogger()))

	_, err = AcquireInstance(dir)
	require.Error(t, err)
	assert.True(t, IsAlreadyRunning(err))
	assert.Contains(t, UserMessage(err), "already running")
	<-shown

	require.NoError(t, first.Release())
	again, err := AcquireInstance(dir)
	require.NoError(t, err, "the lock is free once released")
	require.NoError(t, again.Release())
}

func TestSignalWakeReachesTheRunningInstance(t *testing.T) {
	dir := t.TempDir()
	assert.False(t, SignalWake(dir), "nobody runs: nobody is told")
	first, err := AcquireInstance(dir)
	require.NoError(t, err)
	t.Cleanup(func() { _ = first.Release() })
	woken := make(chan struct{}, 1)
	require.NoError(t, first.ListenForShow(func() { t.Error("a wake is not a show") }, func() { woken <- struct{}{} }, discardLogger()))
	assert.True(t, SignalWake(dir))
	<-woken
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
