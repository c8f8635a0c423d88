package app

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"webox-social/services/ai"
	"webox-social/services/model"
	"webox-social/services/store"
)

// keyAIPricePrefix + a model name holds that model's price: "input/output" in US dollars
// per million tokens, e.g. "0.15/0.6".
const keyAIPricePrefix = "ai.price."

// maxPricePerM bounds a price so a typo (a price per token typed per million) is caught.
const maxPricePerM = 1000

// AIPrice is what a model costs in US dollars per million tokens, sent (input) and
// received (output). Zero means the price is not known: calls are then counted at $0.
type AIPrice struct {
	InputPerM  float64
	OutputPerM float64
}

// Known tells whether a price is set.
func (p AIPrice) Known() bool { return p.InputPerM > 0 || p.OutputPerM > 0 }

// Cost is the estimated price of a call with these token counts.
func (p AIPrice) Cost(promptTokens, completionTokens int) float64 {
	return (float64(promptTokens)*p.InputPerM + float64(completionTokens)*p.OutputPerM) / 1e6
}

// defaultAIPrices are OpenAI's list prices of common models; others are not known until
// the user types their price in Settings.
var defaultAIPrices = map[string]AIPrice{
	"gpt-4o-mini": {InputPerM: 0.15, OutputPerM: 0.60},
	"gpt-4o":      {InputPerM: 2.50, OutputPerM: 10.00},
}

// AIUsage is what the assistant used in a period: calls, tokens, estimated cost.
type AIUsage struct {
	// Since is the start of the period (the first of the month, in the default zone).
	Since   time.Time
	Calls   int
	Tokens  int64
	CostUSD float64
}

// aiStore is the part of Store the assistant needs: its calls, and the metrics best
// times are computed from.
type aiStore interface {
	AddAIUsage(ctx context.Context, u store.AIUsage) error
	AIUsageBetween(ctx context.Context, from, to time.Time) (store.AIUsageTotals, error)
	EngagementSamples(ctx context.Context, accountID int64, since time.Time) ([]store.EngagementSample, error)
}

// AIUsageThisMonth returns the calls, tokens and estimated cost of the assistant since
// the first of this month in the default zone.
func (a *App) AIUsageThisMonth(ctx context.Context) (AIUsage, error) {
	s := a.store
	from, to := a.thisMonth()
	t, err := s.AIUsageBetween(ctx, from, to)
	if err != nil {
		return AIUsage{}, fmt.Errorf("read this month's AI usage: %w", err)
	}
	return AIUsage{Since: from, Calls: t.Calls, Tokens: t.Tokens(), CostUSD: t.CostUSD}, nil
}

// thisMonth is [first of this month, first of next month) in the default zone.
func (a *App) thisMonth() (time.Time, time.Time) {
	loc, err := loadZone(a.currentSettings().DefaultZone)
	if err != nil {
		loc = time.Local
	}
	y, m, _ := a.now().In(loc).Date()
	from := time.Date(y, m, 1, 0, 0, 0, 0, loc)
	return from, from.AddDate(0, 1, 0)
}

// AIPriceOf returns model's price: the one typed in Settings, else a default for common
// models, else zero (not known).
func (a *App) AIPriceOf(ctx context.Context, modelName string) (AIPrice, error) {
	v, err := a.store.GetSetting(ctx, keyAIPricePrefix+modelName)
	switch {
	case errors.Is(err, model.ErrNotFound):
		return defaultAIPrices[modelName], nil
	case err != nil:
		return AIPrice{}, fmt.Errorf("read the price of %s: %w", modelName, err)
	}
	if p, ok := parsePrice(v); ok {
		return p, nil
	}
	return defaultAIPrices[modelName], nil
}

// saveAIPrice stores model's price; a zero price keeps the one stored (or the default).
func (a *App) saveAIPrice(ctx context.Context, modelName string, p AIPrice) error {
	if !p.Known() {
		return nil
	}
	v := strconv.FormatFloat(p.InputPerM, 'f', -1, 64) + "/" + strconv.FormatFloat(p.OutputPerM, 'f', -1, 64)
	if err := a.store.SetSetting(ctx, keyAIPricePrefix+modelName, v); err != nil {
		return fmt.Errorf("save the price of %s: %w", modelName, err)
	}
	return nil
}

// parsePrice reads "input/output".
func parsePrice(v string) (AIPrice, bool) {
	in, out, ok := strings.Cut(v, "/")
	if !ok {
		return AIPrice{}, false
	}
	i, err1 := strconv.ParseFloat(in, 64)
	o, err2 := strconv.ParseFloat(out, 64)
	if err1 != nil || err2 != nil || !validPrice(i) || !validPrice(o) {
		return AIPrice{}, false
	}
	return AIPrice{InputPerM: i, OutputPerM: o}, true
}

func validPrice(v float64) bool { return !math.IsNaN(v) && v >= 0 && v <= maxPricePerM }

// aiMeter counts every AI call in ai_usage and stops calls once this month's estimated
// cost reaches the monthly budget.
type aiMeter struct {
	a         *App
	budgetUSD float64 // 0: no budget
}

// Allow refuses a call once this month's cost reached the budget, with a sentence.
func (m *aiMeter) Allow(ctx context.Context) error {
	if m.budgetUSD <= 0 {
		return nil
	}
	used, err := m.a.AIUsageThisMonth(ctx)
	if err != nil {
		return err
	}
	if used.CostUSD < m.budgetUSD {
		return nil
	}
	m.a.log.Info("AI call refused: monthly budget used up", "budget_usd", m.budgetUSD, "spent_usd", used.CostUSD)
	return invalid(fmt.Sprintf("This month's AI budget of $%.2f is used up ($%.2f spent); raise it in Settings.",
		m.budgetUSD, used.CostUSD))
}

// Record stores a call's tokens and its cost at the model's price, even when the call's
// context was cancelled meanwhile: the tokens were spent.
func (m *aiMeter) Record(ctx context.Context, u ai.Usage) error {
	ctx = context.WithoutCancel(ctx)
	s := m.a.store
	price, err := m.a.AIPriceOf(ctx, u.Model)
	if err != nil {
		return err
	}
	cost := price.Cost(u.PromptTokens, u.CompletionTokens)
	rec := store.AIUsage{At: m.a.now(), Feature: u.Feature, Model: u.Model, PromptTokens: u.PromptTokens,
		CompletionTokens: u.CompletionTokens, CostUSD: cost}
	if err := s.AddAIUsage(ctx, rec); err != nil {
		return fmt.Errorf("record the AI call: %w", err)
	}
	m.a.log.Info("AI call", "feature", u.Feature, "model", u.Model, "prompt_tokens", u.PromptTokens,
		"completion_tokens", u.CompletionTokens, "cost_usd", cost, "priced", price.Known())
	return nil
}
