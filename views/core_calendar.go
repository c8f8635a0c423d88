package views

// calendarCore is what the calendar screen needs from the core beyond Core's shared methods.
type calendarCore interface{}
