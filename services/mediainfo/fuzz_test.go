package mediainfo

import (
	"encoding/binary"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
)

var fuzzNames = []string{"f.jpg", "f.png", "f.gif", "f.webp", "f.mp4", "f.mov", "f.bin"}

// FuzzProbe feeds arbitrary bytes, under every extension, to Probe: it must never panic
// (the recover in probeContent would hide a parser panic, so the target fails on it),
// and a failure on a type Probe reads must wrap model.ErrInvalid.
func FuzzProbe(f *testing.F) {
	f.Add(pngBytes(f, 3, 2), uint8(1))
	f.Add(withOrientation(jpegBytes(f, 4, 3), 6, binary.BigEndian), uint8(0))
	f.Add(gifBytes(f, 3, 3, 2, 5), uint8(2))
	f.Add(webpBytes(5, 7, true), uint8(3))
	f.Add(webpBytes(5, 7, false), uint8(3))
	f.Add(mp4Bytes(f, mp4Spec{brand: "isom", width: 16, height: 9, durationMS: 1500, audio: true}), uint8(4))
	f.Add(mp4Bytes(f, mp4Spec{brand: "qt  ", width: 9, height: 16, durationMS: 800, rotate90: true}), uint8(5))
	f.Add(mp4Bytes(f, mp4Spec{width: 2, height: 2, durationMS: 10, fragmented: true}), uint8(5))
	f.Add([]byte{}, uint8(6))
	f.Fuzz(func(t *testing.T, data []byte, nameIdx uint8) {
		name := fuzzNames[int(nameIdx)%len(fuzzNames)]
		path := writeFile(t, t.TempDir(), name, data, 0)
		info, err := Probe(path)
		require.False(t, errors.Is(err, errParserPanic), "a parser panicked: %v", err)
		assert.Equal(t, int64(len(data)), info.Size)
		if err != nil {
			assert.ErrorIs(t, err, model.ErrInvalid)
			return
		}
		assert.GreaterOrEqual(t, info.Width, 0)
		assert.GreaterOrEqual(t, info.Height, 0)
		assert.GreaterOrEqual(t, info.DurationMS, int64(0))
		for _, p := range model.Platforms {
			_ = Check(p, []Info{info}, []string{name}, model.TargetOptions{})
			_ = Advise(p, []Info{info}, []string{name}, model.TargetOptions{})
		}
	})
}
