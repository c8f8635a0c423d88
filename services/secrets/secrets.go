// Package secrets keeps tokens and client secrets out of SQLite: in the OS keychain
// through go-keyring, or, where no keychain is reachable, in a file encrypted with a key
// from WEBOX_ENCRYPTION_KEY.
package secrets

// Store is the 3-method interface every layer uses for secrets. Get returns an error
// wrapping model.ErrNotFound when the entry does not exist.
type Store interface {
	Set(key, value string) error
	Get(key string) (string, error)
	Delete(key string) error
}
