package bluesky

import (
	"crypto/sha256"
	"encoding/binary"
	"time"
)

// tidAlphabet is atproto's base32-sortable alphabet.
const tidAlphabet = "234567abcdefghijklmnopqrstuvwxyz"

// recordKey is the TID record key of every attempt with attemptKey: 53 bits of
// microseconds since the Unix epoch (from startedAt) and a 10-bit clock id from a hash
// of attemptKey, so each retry of one attempt writes to the same rkey and the PDS
// refuses a second post. Without a start time the hash gives the timestamp bits too.
func recordKey(attemptKey string, startedAt time.Time) string {
	sum := sha256.Sum256([]byte("webox-social/bluesky-rkey\x00" + attemptKey))
	h := binary.BigEndian.Uint64(sum[:8])
	micros := uint64(startedAt.UnixMicro())
	if startedAt.IsZero() || startedAt.UnixMicro() < 0 {
		micros = h >> 11
	}
	clock := binary.BigEndian.Uint64(sum[8:16]) & 0x3ff
	return encodeTID((micros&(1<<53-1))<<10 | clock)
}

// encodeTID writes v (top bit zero) as 13 base32-sortable characters.
func encodeTID(v uint64) string {
	var out [13]byte
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = tidAlphabet[v&31]
		v >>= 5
	}
	return string(out[:])
}

// validTID reports whether s has the shape of a TID.
func validTID(s string) bool {
	if len(s) != 13 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		ok := (c >= '2' && c <= '7') || (c >= 'a' && c <= 'z')
		if !ok || (i == 0 && c > 'j') {
			return false
		}
	}
	return true
}
