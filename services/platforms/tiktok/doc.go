// Package tiktok connects TikTok creators (platforms.md §5): the desktop authorization
// code flow with client_key instead of client_id, PKCE whose challenge encoding is
// configurable (hex of SHA-256 by default, as TikTok's desktop flow reportedly wants,
// or RFC 7636 base64url), 24-hour access tokens renewed with rotating refresh tokens
// that live 365 days, the creator read from creator_info and /v2/user/info, and
// revocation; and publishing through the Content Posting API (Connector): videos by
// FILE_UPLOAD in 5–64 MB chunks, photo posts by PULL_FROM_URL, directly with the privacy
// level the user chose or to the creator's inbox, with status polling and
// reconciliation. Its strict test fake is the tiktokfake package.
package tiktok
