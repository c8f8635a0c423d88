// Package linkedin connects LinkedIn members and the organization pages they administer
// (platforms.md §4): the standard 3-legged authorization code flow with the client
// secret in the body, the member read from /v2/userinfo, the administered
// organizations from /rest/organizationAcls, 60-day access tokens that are refreshed
// only when LinkedIn granted a refresh token, and revocation; and publishing through the
// Posts API (Connector): text with little-text escaping, one image, 2..MaxImages images
// (multiImage), one video (Videos API: parts, ETags, finalize, wait for AVAILABLE), as a
// member or an organization, read-back reconciliation and deletion. LinkedIn's API has
// no native scheduling. Its strict test fake is the linkedinfake package.
package linkedin
