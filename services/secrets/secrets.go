// Package secrets keeps tokens and client secrets out of SQLite: in the OS keychain
// through go-keyring, or, where no keychain is reachable, in a file encrypted with a key
// from WEBOX_ENCRYPTION_KEY.
//
// Open picks the store: the keychain when a probe entry can be written, read back and
// deleted; otherwise the encrypted file dataDir/secrets.enc when WEBOX_ENCRYPTION_KEY is set.
// WEBOX_SECRETS=file forces the encrypted file (headless servers, end-to-end tests) and
// WEBOX_SECRETS=keychain forces the keychain. Memory is an in-memory Store for tests.
// scripts/with-keychain.sh runs a command inside a throwaway real Secret Service.
package secrets

// Store is the 3-method interface every layer uses for secrets. Get returns an error
// wrapping model.ErrNotFound when the entry does not exist.
type Store interface {
	Set(key, value string) error
	Get(key string) (string, error)
	Delete(key string) error
}
