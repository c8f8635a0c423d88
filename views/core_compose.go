package views

// composeCore is what the compose screen needs from the core beyond Core's shared methods.
type composeCore interface{}
