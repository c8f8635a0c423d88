package views

// postsCore is what the posts screen needs from the core beyond Core's shared methods.
type postsCore interface{}
