package ai

import (
	"embed"
	"fmt"
	"strings"
	"text/template"

	"webox-social/services/model"
	"webox-social/services/text"
)

//go:embed prompts/*.tmpl
var promptFiles embed.FS

// templates holds every prompt: FEATURE_system.tmpl and FEATURE_user.tmpl per feature,
// and networks.tmpl's "guide" shared by all.
var templates = template.Must(template.New("prompts").Option("missingkey=error").
	ParseFS(promptFiles, "prompts/*.tmpl"))

// prompt is the two messages of a chat request.
type prompt struct {
	System string
	User   string
}

// Prompt features (template name prefixes).
const (
	promptCaptions = "captions"
	promptShorten  = "shorten"
	promptHashtags = "hashtags"
	promptFeedback = "feedback"
)

// render executes feature's system and user templates with data.
func render(feature string, data any) (prompt, error) {
	system, err := execute(feature+"_system.tmpl", data)
	if err != nil {
		return prompt{}, err
	}
	user, err := execute(feature+"_user.tmpl", data)
	if err != nil {
		return prompt{}, err
	}
	return prompt{System: system, User: user}, nil
}

func execute(name string, data any) (string, error) {
	var b strings.Builder
	if err := templates.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("ai: prompt %s: %w", name, err)
	}
	return strings.TrimSpace(b.String()), nil
}

// network is what a prompt says about one network.
type network struct {
	ID    string // the key the model answers under: model.Platform's value
	Name  string // "X", "LinkedIn"
	Limit int    // main text limit, from services/text
	Unit  string // its unit: "weighted characters", "graphemes"…
}

func networkOf(p model.Platform) network {
	c := text.Measure(p, "", text.Options{})
	return network{ID: string(p), Name: p.Title(), Limit: c.Limit, Unit: c.Unit}
}

func networksOf(ps []model.Platform) []network {
	out := make([]network, len(ps))
	for i, p := range ps {
		out[i] = networkOf(p)
	}
	return out
}

// languageName spells a language code out for the prompt; "" is English.
func languageName(code string) string {
	switch strings.ToLower(strings.TrimSpace(code)) {
	case "", "en":
		return "English"
	case "fr":
		return "French"
	}
	return code
}
