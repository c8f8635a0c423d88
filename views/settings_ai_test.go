package views

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/views/viewstest"
)

func openAICard(t *testing.T, c *viewstest.Core) *aiCard {
	t.Helper()
	return open[*settingsScreen](t, newTestUI(t, c), navSettings).ai
}

func TestAICardShowsThisMonthsUsageAgainstTheBudget(t *testing.T) {
	c := viewstest.New()
	c.SettingsPart().AI.BudgetUSD = 5
	c.SettingsPart().AI.Price = app.AIPrice{InputPerM: 0.15, OutputPerM: 0.6}
	c.AI().Usage = app.AIUsage{Calls: 3, Tokens: 1234, CostUSD: 0.0421}
	s := openAICard(t, c)
	assert.Equal(t, "This month: 3 AI calls, 1234 tokens, about $0.04 of your $5.00 budget.", s.usage.Text)
	assert.Equal(t, "0.15", s.inPrice.Text)
	assert.Equal(t, "0.6", s.outPrice.Text)

	c2 := viewstest.New()
	c2.AI().Usage = app.AIUsage{Calls: 1, Tokens: 20}
	s2 := openAICard(t, c2)
	assert.Equal(t, "This month: 1 AI call, 20 tokens, about $0.00.\nThe price of gpt-4o-mini is not set, so its calls count as $0.",
		s2.usage.Text)
	assert.Equal(t, "price not set", s2.inPrice.PlaceHolder)
}

func TestAICardSavesThePriceOfTheModel(t *testing.T) {
	c := viewstest.New()
	s := openAICard(t, c)
	s.inPrice.SetText("1,5")
	s.outPrice.SetText("$6")
	test.Tap(s.save)
	st := c.SettingsPart().Snapshot()
	require.Len(t, st.AISaves, 1)
	assert.Equal(t, app.AIPrice{InputPerM: 1.5, OutputPerM: 6}, st.AISaves[0].Price)

	s.outPrice.SetText("cheap")
	test.Tap(s.save)
	assert.Equal(t, "Type each price as an amount in US dollars per million tokens, such as 0.15, or leave it empty.", s.status.Text)
	assert.Len(t, c.SettingsPart().Snapshot().AISaves, 1)
}

func TestAICardTestsTheConnection(t *testing.T) {
	c := viewstest.New()
	s := openAICard(t, c)
	test.Tap(s.test)
	assert.Equal(t, string(viewstest.AINotSetUp), s.tested.Text)
	assert.Equal(t, widget.DangerImportance, s.tested.Importance)

	c.AI().Ready = true
	test.Tap(s.test)
	assert.Equal(t, "The connection works: the endpoint accepted the key and offers gpt-4o-mini.", s.tested.Text)
	assert.Equal(t, widget.SuccessImportance, s.tested.Importance)
	assert.Equal(t, 2, c.AI().Tests)

	s.model.SetText("gpt-4o")
	test.Tap(s.test)
	assert.Equal(t, "Save your changes first: the test uses the saved settings.", s.tested.Text)
	assert.Equal(t, 2, c.AI().Tests, "nothing is tested with unsaved settings")
}

func TestAICardShowsWhatComesFromTheEnvironment(t *testing.T) {
	c := viewstest.New()
	c.SettingsPart().AI.EndpointEnv = "http://localhost:11434/v1"
	c.SettingsPart().AI.KeyFromEnv = true
	s := openAICard(t, c)
	assert.Equal(t, "http://localhost:11434/v1", s.endpoint.Text)
	assert.True(t, s.endpoint.Disabled())
	assert.True(t, s.key.Disabled())
	assert.Equal(t, "from the environment (OPENAI_API_KEY)", s.key.PlaceHolder)
	assert.Contains(t, s.env.Text, "OPENAI_BASE_URL and OPENAI_API_KEY")

	s.model.SetText("llama3.2")
	test.Tap(s.save)
	st := c.SettingsPart().Snapshot()
	require.Len(t, st.AISaves, 1)
	assert.Equal(t, app.DefaultAIEndpoint, st.AISaves[0].Endpoint, "the stored endpoint is kept, not the environment's")
	assert.Equal(t, "llama3.2", st.AISaves[0].Model)
	assert.Zero(t, st.AISaves[0].Price, "the price shown was another model's")
}
