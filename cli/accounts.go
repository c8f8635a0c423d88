package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
)

// accountJSON is one account in --json output (seed names where the seed has them).
type accountJSON struct {
	ID          int64   `json:"id"`
	Platform    string  `json:"platform"`
	AccountName string  `json:"account_name"`
	AccountID   string  `json:"account_id"`
	Handle      string  `json:"handle"`
	InstanceURL string  `json:"instance_url"`
	Status      string  `json:"status"`
	ExpiresAt   *string `json:"expires_at"`
}

// accountsList prints the connected accounts of the current workspace.
func (r *runner) accountsList(ctx context.Context, args []string) int {
	f := newFlags("accounts list", "accounts list [--json]")
	if _, code := r.parse(f, args, 0); code >= 0 {
		return code
	}
	accts, err := r.core.Accounts(ctx)
	if err != nil {
		return r.fail(err)
	}
	if f.json {
		out := make([]accountJSON, 0, len(accts))
		for _, a := range accts {
			out = append(out, accountJSON{ID: a.ID, Platform: string(a.Platform), AccountName: a.Name,
				AccountID: a.RemoteID, Handle: a.Handle, InstanceURL: a.InstanceURL,
				Status: string(a.Status), ExpiresAt: jsonTime(a.ExpiresAt)})
		}
		return r.printJSON(out)
	}
	tw := tabwriter.NewWriter(r.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNETWORK\tNAME\tHANDLE\tSTATUS")
	for _, a := range accts {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", a.ID, a.Platform, a.Name, a.Handle, a.Status)
	}
	tw.Flush()
	return ExitOK
}
