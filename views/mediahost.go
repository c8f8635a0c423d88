package views

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"webox-social/app"
)

// mediaHostWorks is what Test says when the bucket took, served and deleted a file.
const mediaHostWorks = "The bucket works: a test file was uploaded, fetched and deleted."

// mediaHostCard is the "Media host" section of Settings: the S3-compatible bucket
// Instagram and TikTok fetch attachments from.
type mediaHostCard struct {
	e         *env
	loads     latest
	root      fyne.CanvasObject
	endpoint  *widget.Entry
	region    *widget.Entry
	bucket    *widget.Entry
	keyID     *widget.Entry
	secret    *widget.Entry
	prefix    *widget.Entry
	pathStyle *widget.Check
	save      *widget.Button
	test      *widget.Button
	status    *widget.Label
}

func newMediaHostCard(e *env) *mediaHostCard {
	c := &mediaHostCard{e: e, endpoint: widget.NewEntry(), region: widget.NewEntry(), bucket: widget.NewEntry(),
		keyID: widget.NewEntry(), secret: widget.NewPasswordEntry(), prefix: widget.NewEntry(), status: newStatusLabel()}
	c.endpoint.SetPlaceHolder("https://s3.eu-west-1.amazonaws.com")
	c.region.SetPlaceHolder("eu-west-1")
	c.prefix.SetPlaceHolder("webox-social/")
	c.pathStyle = widget.NewCheck(lang.L("Path-style addresses (MinIO, Garage and most self-hosted servers)"), nil)
	c.save = widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), c.submit)
	c.test = widget.NewButtonWithIcon(lang.L("Test"), theme.MediaPlayIcon(), c.runTest)
	intro := widget.NewLabel(lang.L("Instagram, and TikTok for photos, fetch images and videos from a public address. " +
		"Give a bucket you own on any S3-compatible service: each file is shared there through a short-lived link " +
		"and deleted once published. If the app is closed between sharing and publishing, a file can stay behind: " +
		"a lifecycle rule on the folder that deletes files after one day cleans it up. Leave the bucket empty to turn this off."))
	intro.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(widget.NewFormItem(lang.L("Endpoint"), c.endpoint), widget.NewFormItem(lang.L("Region"), c.region),
		widget.NewFormItem(lang.L("Bucket"), c.bucket), widget.NewFormItem(lang.L("Access key ID"), c.keyID),
		widget.NewFormItem(lang.L("Secret access key"), c.secret), widget.NewFormItem(lang.L("Folder prefix"), c.prefix),
		widget.NewFormItem("", c.pathStyle))
	c.root = container.NewVBox(widget.NewSeparator(), subheading(lang.L("Media host")), intro, form,
		container.NewBorder(nil, nil, container.NewHBox(c.save, c.test), nil, c.status))
	return c
}

// reload reads the stored media host off the UI goroutine.
func (c *mediaHostCard) reload() {
	reloadInto(c.e, &c.loads, c.e.core.MediaHostSettings, c.show)
}

// show fills the form; the secret is never read back, only said to be stored.
func (c *mediaHostCard) show(s app.MediaHostSettings, err error) {
	if err != nil {
		message(c.status, err, "")
		return
	}
	c.endpoint.SetText(s.Endpoint)
	c.region.SetText(s.Region)
	c.bucket.SetText(s.Bucket)
	c.keyID.SetText(s.AccessKeyID)
	c.prefix.SetText(s.Prefix)
	c.pathStyle.SetChecked(s.PathStyle)
	c.secret.SetText("")
	c.secret.SetPlaceHolder("")
	if s.HasSecret {
		c.secret.SetPlaceHolder(secretStoredHint(c.e.core))
	}
}

// secretStoredHint says where the stored secret is, for an empty secret entry.
func secretStoredHint(core Core) string {
	if core.SecretsInKeychain() {
		return lang.L("stored in the keychain")
	}
	return lang.L("stored encrypted in secrets.enc")
}

// read is the form as settings; an empty secret keeps the stored one.
func (c *mediaHostCard) read() app.MediaHostSettings {
	return app.MediaHostSettings{Endpoint: strings.TrimSpace(c.endpoint.Text), Region: strings.TrimSpace(c.region.Text),
		Bucket: strings.TrimSpace(c.bucket.Text), AccessKeyID: strings.TrimSpace(c.keyID.Text),
		SecretAccessKey: strings.TrimSpace(c.secret.Text), PathStyle: c.pathStyle.Checked,
		Prefix: strings.TrimSpace(c.prefix.Text)}
}

// submit saves the form off the UI goroutine.
func (c *mediaHostCard) submit() {
	s := c.read()
	c.run(func(ctx context.Context) error { return c.e.core.SaveMediaHost(ctx, s) }, lang.L("Media host saved."))
}

// runTest saves the form, so what is tested is what is shown, then tests the bucket.
func (c *mediaHostCard) runTest() {
	s := c.read()
	say(c.status, widget.MediumImportance, lang.L("Testing the bucket…"))
	c.run(func(ctx context.Context) error {
		if err := c.e.core.SaveMediaHost(ctx, s); err != nil {
			return err
		}
		return c.e.core.TestMediaHost(ctx)
	}, lang.L(mediaHostWorks))
}

// run performs fn off the UI goroutine with the buttons disabled, reports, and reads
// the stored setting back.
func (c *mediaHostCard) run(fn func(ctx context.Context) error, ok string) {
	c.save.Disable()
	c.test.Disable()
	work(c.e, func(ctx context.Context) (struct{}, error) { return struct{}{}, fn(ctx) }, func(_ struct{}, err error) {
		c.save.Enable()
		c.test.Enable()
		message(c.status, err, ok)
		if err == nil {
			c.reload()
		}
	})
}
