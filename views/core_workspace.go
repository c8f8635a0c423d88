package views

// workspaceCore is what the workspace screen needs from the core beyond Core's shared methods.
type workspaceCore interface{}
