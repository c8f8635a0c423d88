package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"webox-social/wire"
)

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
		return r.printJSON(wire.Map(accts, wire.AccountOf))
	}
	tw := tabwriter.NewWriter(r.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNETWORK\tNAME\tHANDLE\tSTATUS")
	for _, a := range accts {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", a.ID, a.Platform, a.Name, a.Handle, a.Status)
	}
	tw.Flush()
	return ExitOK
}
