package views

import (
	"context"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
)

// aiCard edits the OpenAI-compatible endpoint "Generate with AI" and "Hashtags" use.
// The key is write-only: it goes to the keychain and is never shown again.
type aiCard struct {
	e        *env
	loads    latest
	root     fyne.CanvasObject
	endpoint *widget.Entry
	model    *widget.Entry
	key      *widget.Entry
	budget   *widget.Entry
	save     *widget.Button
	forget   *widget.Button
	status   *widget.Label
	// inPrice and outPrice are the model's price per million tokens sent and received;
	// priceTyped tells that the user changed them since they were shown.
	inPrice, outPrice *widget.Entry
	priceTyped        bool
	// env says which settings come from the environment; usage is this month's use.
	env   *widget.Label
	usage *widget.Label
	// test checks the saved settings; tested is its sentence.
	test   *widget.Button
	tested *widget.Label
	// loaded is what the core returned last.
	loaded app.AISettings
}

// aiCardData is what the card loads off the UI goroutine.
type aiCardData struct {
	settings app.AISettings
	usage    app.AIUsage
}

func newAICard(e *env) *aiCard {
	c := &aiCard{e: e, endpoint: widget.NewEntry(), model: widget.NewEntry(), key: widget.NewPasswordEntry(),
		budget: widget.NewEntry(), status: newStatusLabel(), inPrice: widget.NewEntry(), outPrice: widget.NewEntry(),
		env: newStatusLabel(), usage: newStatusLabel(), tested: newStatusLabel()}
	c.endpoint.SetPlaceHolder(app.DefaultAIEndpoint)
	c.model.SetPlaceHolder(app.DefaultAIModel)
	c.budget.SetPlaceHolder(lang.L("No limit"))
	for _, p := range []*widget.Entry{c.inPrice, c.outPrice} {
		p.SetPlaceHolder(lang.L("price not set"))
		p.OnChanged = func(string) { c.priceTyped = true }
	}
	c.save = newSettingsSave(c.submit)
	c.forget = widget.NewButtonWithIcon(lang.L("Remove key"), theme.DeleteIcon(), c.removeKey)
	c.forget.Hide()
	c.test = widget.NewButtonWithIcon(lang.L("Test connection"), theme.MediaPlayIcon(), c.runTest)
	c.root = settingsCard(lang.L("AI assistant"), lang.L("“Generate with AI”, “Hashtags” and “Ask AI for rewrites” in Compose write with the model you set here."),
		c.form(), c.env, settingsSaveRow(c.save, c.status, c.forget), container.NewBorder(nil, nil, c.test, nil, c.tested), c.usage)
	return c
}

// form is the card's fields with their hints.
func (c *aiCard) form() *widget.Form {
	endpoint := widget.NewFormItem(lang.L("Endpoint"), c.endpoint)
	endpoint.HintText = lang.L("Any OpenAI-compatible API: OpenAI, Mistral, or a local Ollama or LM Studio server.")
	key := widget.NewFormItem(lang.L("API key"), c.key)
	key.HintText = aiKeyWhere(c.e.core)
	budget := widget.NewFormItem(lang.L("Monthly budget (US dollars)"), c.budget)
	budget.HintText = lang.L("Optional. The assistant stops for the month once its estimated cost reaches this.")
	in := widget.NewFormItem(lang.L("Price per million tokens sent (US dollars)"), c.inPrice)
	out := widget.NewFormItem(lang.L("Price per million tokens received (US dollars)"), c.outPrice)
	out.HintText = lang.L("For the model above, from its provider's price list; it estimates each call's cost. Not set: calls count as $0.")
	return widget.NewForm(endpoint, widget.NewFormItem(lang.L("Model"), c.model), key, budget, in, out)
}

// aiKeyWhere says where the key goes.
func aiKeyWhere(core Core) string {
	if core.SecretsInKeychain() {
		return lang.L("Kept in your system keychain, never in the database. Leave empty to keep the stored key.")
	}
	return lang.L("Kept encrypted in secrets.enc in the data folder, never in the database. Leave empty to keep the stored key.")
}

// aiKeyStored is the key entry's placeholder while a key is stored.
func aiKeyStored(core Core) string {
	if core.SecretsInKeychain() {
		return lang.L("stored in the keychain")
	}
	return lang.L("stored encrypted in secrets.enc")
}

// reload reads the AI settings and this month's use off the UI goroutine.
func (c *aiCard) reload() {
	reloadInto(c.e, &c.loads, func(ctx context.Context) (aiCardData, error) {
		s, err := c.e.core.AISettings(ctx)
		if err != nil {
			return aiCardData{}, err
		}
		u, err := c.e.core.AIUsageThisMonth(ctx)
		return aiCardData{settings: s, usage: u}, err
	}, func(d aiCardData, err error) {
		if err != nil {
			message(c.status, err, "")
			return
		}
		c.show(d.settings)
		c.showUsage(d.usage, d.settings)
	})
}

// show fills the form; the key is never read back, only said to be stored. What comes
// from the environment is shown and cannot be edited here.
func (c *aiCard) show(s app.AISettings) {
	c.loaded = s
	c.endpoint.SetText(s.Endpoint)
	c.endpoint.Enable()
	if s.EndpointEnv != "" {
		c.endpoint.SetText(s.EndpointEnv)
		c.endpoint.Disable()
	}
	c.model.SetText(s.Model)
	c.showKey(s)
	c.budget.SetText("")
	if s.BudgetUSD > 0 {
		c.budget.SetText(strconv.FormatFloat(s.BudgetUSD, 'f', -1, 64))
	}
	c.inPrice.SetText(priceText(s.Price.InputPerM, s.Price.Known()))
	c.outPrice.SetText(priceText(s.Price.OutputPerM, s.Price.Known()))
	c.priceTyped = false
	say(c.env, widget.MediumImportance, envText(s))
}

// showKey shows whether a key is stored, or that the environment gives it.
func (c *aiCard) showKey(s app.AISettings) {
	c.key.SetText("")
	c.key.SetPlaceHolder("")
	c.key.Enable()
	c.forget.Hide()
	if s.HasKey {
		c.key.SetPlaceHolder(aiKeyStored(c.e.core))
		c.forget.Show()
	}
	if s.KeyFromEnv {
		c.key.SetPlaceHolder(lang.L("from the environment (OPENAI_API_KEY)"))
		c.key.Disable()
		c.forget.Hide()
	}
}

func priceText(v float64, known bool) string {
	if !known {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// envText says which settings the environment overrides, "" when none.
func envText(s app.AISettings) string {
	switch {
	case s.EndpointEnv != "" && s.KeyFromEnv:
		return lang.L("The endpoint and the API key come from the environment (OPENAI_BASE_URL and OPENAI_API_KEY): they override the ones saved here.")
	case s.EndpointEnv != "":
		return lang.L("The endpoint comes from the environment (OPENAI_BASE_URL): it overrides the one saved here.")
	case s.KeyFromEnv:
		return lang.L("The API key comes from the environment (OPENAI_API_KEY): it overrides the one saved here.")
	}
	return ""
}

// read turns the form into AI settings, or returns a sentence for the user. Amounts
// take a decimal point or comma, and an optional dollar sign. An endpoint from the
// environment is not saved: the stored one is kept. Prices not typed are sent only when
// the model is the one they were shown for.
func (c *aiCard) read() (app.AISettings, string) {
	s := app.AISettings{Endpoint: strings.TrimSpace(c.endpoint.Text), Model: strings.TrimSpace(c.model.Text),
		APIKey: strings.TrimSpace(c.key.Text)}
	if c.loaded.EndpointEnv != "" {
		s.Endpoint = c.loaded.Endpoint
	}
	v, ok := amount(c.budget.Text)
	if !ok {
		return s, lang.L("Type the monthly budget as an amount in US dollars, such as 20 or 12.50, or leave it empty for no limit.")
	}
	s.BudgetUSD = v
	in, ok1 := amount(c.inPrice.Text)
	out, ok2 := amount(c.outPrice.Text)
	if !ok1 || !ok2 {
		return s, lang.L("Type each price as an amount in US dollars per million tokens, such as 0.15, or leave it empty.")
	}
	if c.priceTyped || s.Model == c.loaded.Model {
		s.Price = app.AIPrice{InputPerM: in, OutputPerM: out}
	}
	return s, ""
}

// amount reads a non-negative amount typed with a point or a comma and an optional
// dollar sign; empty is 0.
func amount(text string) (float64, bool) {
	raw := strings.NewReplacer("$", "", ",", ".", " ", "").Replace(text)
	if raw == "" {
		return 0, true
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// submit saves the form off the UI goroutine.
func (c *aiCard) submit() {
	s, bad := c.read()
	if bad != "" {
		say(c.status, widget.DangerImportance, bad)
		return
	}
	c.run(s, lang.L("AI settings saved."))
}

// removeKey deletes the stored key, saving the rest of the form with it.
func (c *aiCard) removeKey() {
	s, bad := c.read()
	if bad != "" {
		say(c.status, widget.DangerImportance, bad)
		return
	}
	s.APIKey, s.ClearKey = "", true
	c.run(s, lang.L("The API key was removed."))
}

// run saves s off the UI goroutine with the buttons disabled, reports, and reads the
// stored settings back (so the key entry empties and says a key is stored).
func (c *aiCard) run(s app.AISettings, ok string) {
	c.save.Disable()
	c.forget.Disable()
	work(c.e, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, c.e.core.SaveAISettings(ctx, s)
	}, func(_ struct{}, err error) {
		c.save.Enable()
		c.forget.Enable()
		message(c.status, err, ok)
		if err == nil {
			c.reload()
		}
	})
}

// runTest checks the saved settings off the UI goroutine; unsaved changes are pointed out
// first, as the test uses what is saved.
func (c *aiCard) runTest() {
	if s, bad := c.read(); bad == "" && c.edited(s) {
		say(c.tested, widget.WarningImportance, lang.L("Save your changes first: the test uses the saved settings."))
		return
	}
	c.test.Disable()
	say(c.tested, widget.MediumImportance, lang.L("Testing the connection…"))
	model := c.loaded.Model
	work(c.e, func(ctx context.Context) (struct{}, error) { return struct{}{}, c.e.core.TestAI(ctx) },
		func(_ struct{}, err error) {
			c.test.Enable()
			message(c.tested, err, lang.L("The connection works: the endpoint accepted the key and offers {{.Model}}.",
				map[string]any{"Model": model}))
		})
}

// edited tells whether the form differs from the saved settings.
func (c *aiCard) edited(s app.AISettings) bool {
	return s.Endpoint != c.loaded.Endpoint || s.Model != c.loaded.Model || s.APIKey != ""
}

// showUsage says what the assistant used this month, against the budget.
func (c *aiCard) showUsage(u app.AIUsage, s app.AISettings) {
	data := map[string]any{"Count": u.Calls, "Tokens": u.Tokens, "Cost": dollars(u.CostUSD), "Budget": dollars(s.BudgetUSD)}
	text := lang.N("This month: {{.Count}} AI calls, {{.Tokens}} tokens, about {{.Cost}}.", u.Calls, data)
	if s.BudgetUSD > 0 {
		text = lang.N("This month: {{.Count}} AI calls, {{.Tokens}} tokens, about {{.Cost}} of your {{.Budget}} budget.", u.Calls, data)
	}
	if !s.Price.Known() {
		text += "\n" + lang.L("The price of {{.Model}} is not set, so its calls count as $0.", map[string]any{"Model": s.Model})
	}
	say(c.usage, widget.MediumImportance, text)
}

// dollars formats an amount of US dollars: "$4.20".
func dollars(v float64) string { return "$" + strconv.FormatFloat(v, 'f', 2, 64) }
