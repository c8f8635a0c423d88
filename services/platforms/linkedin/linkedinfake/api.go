package linkedinfake

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

var versionRE = regexp.MustCompile(`^20\d{2}(0[1-9]|1[0-2])$`)

// bearer checks the access token and that it holds one of anyOf (all scopes of a group
// separated by "+"). The 401 codes are LinkedIn's (serviceErrorCode values unverified).
func (s *Server) bearer(c *call, anyOf ...string) (*grant, *reply) {
	raw, _ := strings.CutPrefix(c.R.Header.Get("Authorization"), "Bearer ")
	t := s.access[raw]
	var rep reply
	switch {
	case t == nil:
		rep = apiErr(http.StatusUnauthorized, 65600, "INVALID_ACCESS_TOKEN", "Invalid access token")
	case t.revoked:
		rep = apiErr(http.StatusUnauthorized, 65601, "REVOKED_ACCESS_TOKEN", "The token used in the request has been revoked by the user")
	case !c.Now.Before(t.expires):
		rep = apiErr(http.StatusUnauthorized, 65602, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired")
	case !slices.ContainsFunc(anyOf, func(group string) bool { return hasAll(t.g.scopes, strings.Split(group, "+")) }):
		rep = apiErr(http.StatusForbidden, 100, "ACCESS_DENIED", "Not enough permissions to access: "+c.R.Method+" "+c.R.URL.Path)
	default:
		return t.g, nil
	}
	return nil, &rep
}

// restHeaders enforces the headers every /rest call needs.
func (s *Server) restHeaders(c *call) *reply {
	v := c.R.Header.Get("LinkedIn-Version")
	var rep reply
	switch {
	case v == "":
		rep = apiErr(http.StatusBadRequest, 0, "VERSION_MISSING", "A version must be present. Please specify a version by adding the LinkedIn-Version header.")
	case !versionRE.MatchString(v):
		rep = apiErr(http.StatusBadRequest, 0, "INVALID_VERSION", "Invalid version format: "+v)
	case v < s.opts.MinVersion:
		rep = apiErr(s.opts.SunsetStatus, 0, "NONEXISTENT_VERSION", "Requested version "+v+" is not active")
	case c.R.Header.Get("X-Restli-Protocol-Version") != "2.0.0":
		rep = apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "The X-Restli-Protocol-Version header must be 2.0.0")
	default:
		return nil
	}
	return &rep
}

// userInfo is GET /v2/userinfo (OpenID Connect; needs openid and profile).
func (s *Server) userInfo(c *call) reply {
	g, rep := s.bearer(c, "openid+profile")
	if rep != nil {
		return *rep
	}
	m := s.members[g.memberID]
	return reply{Status: http.StatusOK, Body: map[string]any{
		"sub": m.ID, "name": m.Name, "given_name": m.GivenName, "family_name": m.FamilyName, "picture": m.Picture,
		"locale": map[string]string{"country": "US", "language": "en"},
	}}
}

// organizationAcls is GET /rest/organizationAcls?q=roleAssignee[&role][&state][&start][&count].
func (s *Server) organizationAcls(c *call) reply {
	if rep := s.restHeaders(c); rep != nil {
		return *rep
	}
	g, rep := s.bearer(c, "rw_organization_admin", "r_organization_admin")
	if rep != nil {
		return *rep
	}
	q := c.R.URL.Query()
	if q.Get("q") != "roleAssignee" {
		return apiErr(http.StatusBadRequest, 0, "ILLEGAL_ARGUMENT", "Unsupported finder: q="+q.Get("q"))
	}
	var all []map[string]any
	for _, role := range s.members[g.memberID].Roles {
		if matches(q.Get("role"), role.Role) && matches(q.Get("state"), role.State) {
			all = append(all, map[string]any{"roleAssignee": "urn:li:person:" + g.memberID, "role": role.Role, "state": role.State,
				"organization": "urn:li:organization:" + role.OrganizationID})
		}
	}
	start, count := intParam(q.Get("start"), 0), intParam(q.Get("count"), 10)
	page := all[min(start, len(all)):min(start+count, len(all))]
	return reply{Status: http.StatusOK, Body: map[string]any{
		"elements": page, "paging": map[string]any{"start": start, "count": count, "total": len(all), "links": []any{}},
	}}
}

func matches(filter, v string) bool { return filter == "" || filter == v }

func intParam(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return def
	}
	return n
}

// organization is GET /rest/organizations/{id}.
func (s *Server) organization(c *call) reply {
	if rep := s.restHeaders(c); rep != nil {
		return *rep
	}
	if _, rep := s.bearer(c, "rw_organization_admin", "r_organization_admin"); rep != nil {
		return *rep
	}
	o := s.orgs[c.R.PathValue("id")]
	if o == nil {
		return apiErr(http.StatusNotFound, 0, "NOT_FOUND", "Organization "+c.R.PathValue("id")+" not found")
	}
	return reply{Status: http.StatusOK, Body: map[string]any{
		"id": json.Number(o.ID), "localizedName": o.Name, "vanityName": o.VanityName,
		"name": map[string]any{"localized": map[string]string{"en_US": o.Name}},
	}}
}
