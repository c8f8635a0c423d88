package views

import (
	"context"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
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
}

func newAICard(e *env) *aiCard {
	c := &aiCard{e: e, endpoint: widget.NewEntry(), model: widget.NewEntry(), key: widget.NewPasswordEntry(),
		budget: widget.NewEntry(), status: newStatusLabel()}
	c.endpoint.SetPlaceHolder(app.DefaultAIEndpoint)
	c.model.SetPlaceHolder(app.DefaultAIModel)
	c.budget.SetPlaceHolder(lang.L("No limit"))
	c.save = newSettingsSave(c.submit)
	c.forget = widget.NewButtonWithIcon(lang.L("Remove key"), theme.DeleteIcon(), c.removeKey)
	c.forget.Hide()
	endpoint := widget.NewFormItem(lang.L("Endpoint"), c.endpoint)
	endpoint.HintText = lang.L("Any OpenAI-compatible API: OpenAI, Mistral, or a local Ollama or LM Studio server.")
	key := widget.NewFormItem(lang.L("API key"), c.key)
	key.HintText = aiKeyWhere(e.core)
	budget := widget.NewFormItem(lang.L("Monthly budget (US dollars)"), c.budget)
	budget.HintText = lang.L("Optional. The assistant stops for the month once its estimated cost reaches this.")
	form := widget.NewForm(endpoint, widget.NewFormItem(lang.L("Model"), c.model), key, budget)
	c.root = settingsCard(lang.L("AI assistant"), lang.L("“Generate with AI” and “Hashtags” in Compose write with the model you set here."),
		form, settingsSaveRow(c.save, c.status, c.forget))
	return c
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

// reload reads the AI settings off the UI goroutine.
func (c *aiCard) reload() {
	reloadInto(c.e, &c.loads, c.e.core.AISettings, func(s app.AISettings, err error) {
		if err != nil {
			message(c.status, err, "")
			return
		}
		c.show(s)
	})
}

// show fills the form; the key is never read back, only said to be stored.
func (c *aiCard) show(s app.AISettings) {
	c.endpoint.SetText(s.Endpoint)
	c.model.SetText(s.Model)
	c.key.SetText("")
	c.key.SetPlaceHolder("")
	c.forget.Hide()
	if s.HasKey {
		c.key.SetPlaceHolder(aiKeyStored(c.e.core))
		c.forget.Show()
	}
	c.budget.SetText("")
	if s.BudgetUSD > 0 {
		c.budget.SetText(strconv.FormatFloat(s.BudgetUSD, 'f', -1, 64))
	}
}

// read turns the form into AI settings, or returns a sentence for the user. The budget
// takes a decimal point or comma, and an optional dollar sign.
func (c *aiCard) read() (app.AISettings, string) {
	s := app.AISettings{Endpoint: strings.TrimSpace(c.endpoint.Text), Model: strings.TrimSpace(c.model.Text),
		APIKey: strings.TrimSpace(c.key.Text)}
	raw := strings.NewReplacer("$", "", ",", ".", " ", "").Replace(c.budget.Text)
	if raw == "" {
		return s, ""
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return s, lang.L("Type the monthly budget as an amount in US dollars, such as 20 or 12.50, or leave it empty for no limit.")
	}
	s.BudgetUSD = v
	return s, ""
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
