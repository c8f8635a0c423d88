package store

import (
	"context"
	"fmt"
	"time"
)

// AIUsage is one AI call as the ai_usage table keeps it: when, for which feature and
// model, its tokens and its estimated cost (0 when the model's price is not known).
type AIUsage struct {
	At               time.Time
	Feature          string
	Model            string
	PromptTokens     int
	CompletionTokens int
	CostUSD          float64
}

// AIUsageTotals sums the AI calls of a period.
type AIUsageTotals struct {
	Calls            int
	PromptTokens     int64
	CompletionTokens int64
	CostUSD          float64
}

// Tokens is the number of tokens sent and received.
func (t AIUsageTotals) Tokens() int64 { return t.PromptTokens + t.CompletionTokens }

// AddAIUsage records one AI call. A zero At is now.
func (s *Store) AddAIUsage(ctx context.Context, u AIUsage) error {
	const ins = `INSERT INTO ai_usage (created_at, feature, model, prompt_tokens, completion_tokens, cost_usd)
		VALUES (?, ?, ?, ?, ?, ?)`
	at := u.At
	if at.IsZero() {
		at = s.stamp()
	}
	_, err := s.db.ExecContext(ctx, ins, at.Unix(), u.Feature, u.Model, u.PromptTokens, u.CompletionTokens, u.CostUSD)
	if err != nil {
		return fmt.Errorf("store: add AI usage of %s: %w", u.Feature, convertGetError(err))
	}
	return nil
}

// AIUsageBetween sums the AI calls made in [from, to).
func (s *Store) AIUsageBetween(ctx context.Context, from, to time.Time) (AIUsageTotals, error) {
	const q = `SELECT COUNT(*), COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0),
		COALESCE(SUM(cost_usd), 0) FROM ai_usage WHERE created_at >= ? AND created_at < ?`
	var t AIUsageTotals
	err := s.db.QueryRowContext(ctx, q, from.Unix(), to.Unix()).Scan(&t.Calls, &t.PromptTokens, &t.CompletionTokens, &t.CostUSD)
	if err != nil {
		return AIUsageTotals{}, fmt.Errorf("store: AI usage from %s: %w", from.Format(time.DateOnly), err)
	}
	return t, nil
}
