package app

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/url"
	"strconv"
	"strings"

	"webox-social/services/model"
)

// Where the AI settings are kept: the key in the keychain, the rest in settings.
const (
	keyAIEndpoint  = "ai.endpoint"
	keyAIModel     = "ai.model"
	keyAIBudgetUSD = "ai.budget_usd"
	// aiKeySecret is the keychain entry of the AI endpoint's API key.
	aiKeySecret = "app/ai/api_key"
)

// The environment variables that override the stored endpoint and key, as OpenAI's own
// tools read them.
const (
	EnvAIKey      = "OPENAI_API_KEY"
	EnvAIEndpoint = "OPENAI_BASE_URL"
)

// AI defaults: OpenAI's API and a small, cheap model.
const (
	DefaultAIEndpoint = "https://api.openai.com/v1"
	DefaultAIModel    = "gpt-4o-mini"
)

// maxBudgetUSD bounds the monthly budget so a typo (an extra zero or three) is caught.
const maxBudgetUSD = 100000

// AISettings are the OpenAI-compatible endpoint the assistant writes with.
type AISettings struct {
	// Endpoint is the API's base address, e.g. https://api.openai.com/v1 or a local
	// server's http://localhost:11434/v1.
	Endpoint string
	// Model is the model name sent with each request.
	Model string
	// APIKey is write-only: set it to store a new key; "" keeps the stored one. It is
	// never read back.
	APIKey string
	// ClearKey removes the stored key (when APIKey is "").
	ClearKey bool
	// HasKey reports whether a key is stored.
	HasKey bool
	// BudgetUSD is the monthly spending limit in US dollars; 0 means none.
	BudgetUSD float64
	// Price is Model's price: read, the one stored or a default for common models (zero
	// when not known); saved, stored for Model unless zero.
	Price AIPrice
	// EndpointEnv is OPENAI_BASE_URL when it is set: it is used instead of Endpoint.
	// Read only.
	EndpointEnv string
	// KeyFromEnv tells that OPENAI_API_KEY is set: it is used instead of the stored key.
	// Read only.
	KeyFromEnv bool
}

// AISettings returns the AI settings (without the key); unset values are the defaults.
func (a *App) AISettings(ctx context.Context) (AISettings, error) {
	all, err := a.store.AllSettings(ctx)
	if err != nil {
		return AISettings{}, fmt.Errorf("read the AI settings: %w", err)
	}
	s := AISettings{Endpoint: all[keyAIEndpoint], Model: all[keyAIModel]}
	if s.Endpoint == "" {
		s.Endpoint = DefaultAIEndpoint
	}
	if s.Model == "" {
		s.Model = DefaultAIModel
	}
	if v, err := strconv.ParseFloat(all[keyAIBudgetUSD], 64); err == nil && v > 0 {
		s.BudgetUSD = v
	}
	s.EndpointEnv = strings.TrimRight(strings.TrimSpace(a.getenv(EnvAIEndpoint)), "/")
	s.KeyFromEnv = strings.TrimSpace(a.getenv(EnvAIKey)) != ""
	if s.Price, err = a.AIPriceOf(ctx, s.Model); err != nil {
		return s, err
	}
	_, err = a.secrets.Get(aiKeySecret)
	switch {
	case err == nil:
		s.HasKey = true
	case !errors.Is(err, model.ErrNotFound):
		return s, fmt.Errorf("read the AI key from the keychain: %w", err)
	}
	return s, nil
}

// SaveAISettings checks and stores the AI settings: the key goes to the keychain, never
// to the database. An empty endpoint or model takes the default.
func (a *App) SaveAISettings(ctx context.Context, s AISettings) error {
	s = s.normalized()
	if err := s.validate(); err != nil {
		return err
	}
	values := map[string]string{keyAIEndpoint: s.Endpoint, keyAIModel: s.Model, keyAIBudgetUSD: ""}
	if s.BudgetUSD > 0 {
		values[keyAIBudgetUSD] = strconv.FormatFloat(s.BudgetUSD, 'f', -1, 64)
	}
	for k, v := range values {
		if err := a.store.SetSetting(ctx, k, v); err != nil {
			return fmt.Errorf("save the AI setting %s: %w", k, err)
		}
	}
	if err := a.saveAIPrice(ctx, s.Model, s.Price); err != nil {
		return err
	}
	return a.saveAIKey(s)
}

// saveAIKey stores a new key, or removes the stored one when asked to.
func (a *App) saveAIKey(s AISettings) error {
	switch {
	case s.APIKey != "":
		if err := a.secrets.Set(aiKeySecret, s.APIKey); err != nil {
			return fmt.Errorf("store the AI key in the keychain: %w", err)
		}
	case s.ClearKey:
		if err := a.secrets.Delete(aiKeySecret); err != nil && !errors.Is(err, model.ErrNotFound) {
			return fmt.Errorf("remove the AI key from the keychain: %w", err)
		}
	}
	return nil
}

// normalized trims the fields and fills in the defaults.
func (s AISettings) normalized() AISettings {
	s.Endpoint = strings.TrimRight(strings.TrimSpace(s.Endpoint), "/")
	s.Model = strings.TrimSpace(s.Model)
	s.APIKey = strings.TrimSpace(s.APIKey)
	if s.Endpoint == "" {
		s.Endpoint = DefaultAIEndpoint
	}
	if s.Model == "" {
		s.Model = DefaultAIModel
	}
	return s
}

// validate returns a sentence for the first problem found.
func (s AISettings) validate() error {
	if msg := endpointProblem(s.Endpoint); msg != "" {
		return invalid(msg)
	}
	if strings.ContainsAny(s.Model, " \t\n") {
		return invalid(fmt.Sprintf("%q is not a model name: model names have no spaces, for example gpt-4o-mini.", s.Model))
	}
	if strings.ContainsAny(s.APIKey, " \t\n") {
		return invalid("The API key has spaces in it: paste the key alone.")
	}
	if math.IsNaN(s.BudgetUSD) || s.BudgetUSD < 0 || s.BudgetUSD > maxBudgetUSD {
		return invalid(fmt.Sprintf("The monthly budget must be between 0 and %d US dollars (0 or empty for no limit).", maxBudgetUSD))
	}
	if !validPrice(s.Price.InputPerM) || !validPrice(s.Price.OutputPerM) {
		return invalid(fmt.Sprintf("A price per million tokens must be between 0 and %d US dollars, such as 0.15.", maxPricePerM))
	}
	return nil
}

// endpointProblem says what is wrong with an endpoint address, "" when nothing is. Plain
// http is accepted only for this computer and the local network, where the key does
// not cross the internet unencrypted.
func endpointProblem(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Sprintf("%q is not a web address: type the endpoint's full address, such as %s.", raw, DefaultAIEndpoint)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Sprintf("%q should be the endpoint's base address only, without a user name, ? or #, such as %s.", raw, DefaultAIEndpoint)
	}
	if u.Scheme == "http" && !localHost(u.Hostname()) {
		return fmt.Sprintf("%q would send your API key unencrypted: use https://, or http:// only for a server on this computer or your local network.", raw)
	}
	return ""
}

// localHost reports whether host is this computer or a private-network address.
func localHost(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".local") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast())
}
