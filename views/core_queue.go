package views

// queueCore is what the queue screen needs from the core beyond Core's shared methods.
type queueCore interface{}
