package views

// settingsCore is what the settings screen needs from the core beyond Core's shared methods.
type settingsCore interface{}
