package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDeriveStatus(t *testing.T) {
	const (
		d  = TargetDraft
		p  = TargetPending
		pg = TargetPublishing
		ok = TargetPublished
		f  = TargetFailed
		c  = TargetCancelled
		u  = TargetUnconfirmed
		m  = TargetMissed
	)
	cases := []struct {
		name    string
		targets []TargetStatus
		want    PostStatus
	}{
		{"no targets", nil, PostDraft},
		{"all drafts", []TargetStatus{d, d}, PostDraft},
		{"pending", []TargetStatus{p, p}, PostScheduled},
		{"one in flight", []TargetStatus{p, pg}, PostPublishing},
		{"half done, half pending", []TargetStatus{ok, p}, PostPublishing},
		{"all published", []TargetStatus{ok, ok}, PostPublished},
		{"published and cancelled", []TargetStatus{ok, c}, PostPublished},
		{"all cancelled", []TargetStatus{c, c}, PostCancelled},
		{"published and failed", []TargetStatus{ok, f}, PostPartiallyPublished},
		{"published and missed", []TargetStatus{ok, m}, PostPartiallyPublished},
		{"failed", []TargetStatus{f, c}, PostFailed},
		{"missed", []TargetStatus{m, m}, PostMissed},
		{"unconfirmed wins over failed", []TargetStatus{f, u}, PostUnconfirmed},
		{"failed wins over missed", []TargetStatus{m, f}, PostFailed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, DeriveStatus(tc.targets))
		})
	}
}
