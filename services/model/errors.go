package model

import "errors"

// Sentinel errors shared by all layers. Wrap them with context; test with errors.Is.
var (
	ErrNotFound       = errors.New("not found")
	ErrInvalid        = errors.New("invalid input")
	ErrUnauthorized   = errors.New("unauthorized")
	ErrRateLimited    = errors.New("rate limited")
	ErrNoKeychain     = errors.New("no keychain available")
	ErrConflict       = errors.New("conflict")
	ErrAlreadyRunning = errors.New("another instance is running")
	// ErrUnsupported: the network's API does not offer this (e.g. deleting a TikTok video).
	ErrUnsupported = errors.New("not supported by the network")
)
