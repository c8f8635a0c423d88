package linkedin

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"webox-social/services/model"
	"webox-social/services/platforms"
)

// URN prefixes of the accounts a sign-in can give access to.
const (
	PersonURNPrefix       = "urn:li:person:"
	OrganizationURNPrefix = "urn:li:organization:"
)

// maxOrganizationPages bounds the organizationAcls paging (100 organizations a page).
const maxOrganizationPages = 10

// member is the /v2/userinfo answer (OpenID Connect).
type member struct {
	Sub        string `json:"sub"`
	Name       string `json:"name"`
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	Picture    string `json:"picture"`
}

func (m member) account() model.Account {
	name := m.Name
	if name == "" {
		name = strings.TrimSpace(m.GivenName + " " + m.FamilyName)
	}
	return model.Account{Platform: model.LinkedIn, RemoteID: PersonURNPrefix + m.Sub, Name: name, AvatarURL: m.Picture, Status: model.AccountOK}
}

// organization is the part of /rest/organizations/{id} the app shows.
type organization struct {
	URN           string `json:"-"`
	LocalizedName string `json:"localizedName"`
	VanityName    string `json:"vanityName"`
}

func (o organization) account() model.Account {
	name := o.LocalizedName
	if name == "" {
		name = o.URN
	}
	return model.Account{Platform: model.LinkedIn, RemoteID: o.URN, Name: name, Handle: o.VanityName, Status: model.AccountOK}
}

// userInfo reads the signed-in member.
func (a *Authorizer) userInfo(ctx context.Context, token string) (member, error) {
	var m member
	if err := a.getAPI(ctx, "/v2/userinfo", token, false, &m); err != nil {
		return m, err
	}
	if m.Sub == "" {
		return m, &platforms.Error{Platform: model.LinkedIn, Kind: platforms.Permanent, Err: model.ErrInvalid,
			Message: "LinkedIn did not say who signed in (no \"sub\" in /v2/userinfo); check that the app has the OpenID Connect product."}
	}
	return m, nil
}

// aclPage is one page of /rest/organizationAcls.
type aclPage struct {
	Elements []struct {
		Organization string `json:"organization"`
	} `json:"elements"`
	Paging struct {
		Total int `json:"total"`
	} `json:"paging"`
}

// administeredOrganizations lists the organizations the member administers (approved
// ADMINISTRATOR role) with their names.
func (a *Authorizer) administeredOrganizations(ctx context.Context, token string) ([]organization, error) {
	urns, err := a.adminURNs(ctx, token)
	if err != nil {
		return nil, err
	}
	orgs := make([]organization, 0, len(urns))
	for _, urn := range urns {
		var o organization
		id := strings.TrimPrefix(urn, OrganizationURNPrefix)
		if err := a.getAPI(ctx, "/rest/organizations/"+url.PathEscape(id), token, true, &o); err != nil {
			return nil, err
		}
		o.URN = urn
		orgs = append(orgs, o)
	}
	return orgs, nil
}

// adminURNs pages through the member's approved administrator roles.
func (a *Authorizer) adminURNs(ctx context.Context, token string) ([]string, error) {
	const count = 100
	var urns []string
	for page, start := 0, 0; page < maxOrganizationPages; page++ {
		var p aclPage
		path := fmt.Sprintf("/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED&start=%d&count=%d", start, count)
		if err := a.getAPI(ctx, path, token, true, &p); err != nil {
			return nil, err
		}
		for _, e := range p.Elements {
			if strings.HasPrefix(e.Organization, OrganizationURNPrefix) {
				urns = append(urns, e.Organization)
			}
		}
		start += len(p.Elements)
		if len(p.Elements) < count || (p.Paging.Total > 0 && start >= p.Paging.Total) {
			break
		}
	}
	return urns, nil
}
