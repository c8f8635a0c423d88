package model

import "fmt"

// SecretKey is the keychain entry name for one of an account's secrets,
// e.g. SecretKey(7, "access") = "account/7/access".
func SecretKey(accountID int64, kind string) string {
	return fmt.Sprintf("account/%d/%s", accountID, kind)
}
