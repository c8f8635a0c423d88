package model

// DeriveStatus computes a post's status from its targets' statuses.
//
// Rules, in order: no targets or all drafts → draft; any target in flight → publishing;
// all cancelled → cancelled; all published → published; some pending and none finished →
// scheduled; some published and some still pending → publishing; some published and
// the rest ended otherwise → partially_published; then unconfirmed, failed, missed in
// that order of precedence.
func DeriveStatus(targets []TargetStatus) PostStatus {
	n := map[TargetStatus]int{}
	for _, t := range targets {
		n[t]++
	}
	total := len(targets)
	switch {
	case total == 0 || n[TargetDraft] == total:
		return PostDraft
	case n[TargetPublishing] > 0:
		return PostPublishing
	case n[TargetCancelled] == total:
		return PostCancelled
	case n[TargetPublished]+n[TargetCancelled] == total:
		return PostPublished
	case n[TargetPending] > 0 && n[TargetPublished] > 0:
		return PostPublishing
	case n[TargetPending] > 0:
		return PostScheduled
	case n[TargetPublished] > 0:
		return PostPartiallyPublished
	case n[TargetUnconfirmed] > 0:
		return PostUnconfirmed
	case n[TargetFailed] > 0:
		return PostFailed
	case n[TargetMissed] > 0:
		return PostMissed
	}
	return PostDraft
}
