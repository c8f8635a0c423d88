package mediainfo

import (
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
)

func TestProbe(t *testing.T) {
	jpg := jpegBytes(t, 64, 48)
	tests := []struct {
		name string
		file string
		data func(t *testing.T) []byte
		size int64 // >0: extend the file sparsely to this size
		want Info
	}{
		{"png", "a.png", func(t *testing.T) []byte { return pngBytes(t, 40, 30) }, 0,
			Info{Mime: "image/png", Width: 40, Height: 30}},
		{"jpeg", "a.jpg", func(t *testing.T) []byte { return jpg }, 0,
			Info{Mime: "image/jpeg", Width: 64, Height: 48}},
		{"jpeg exif rotated 90 (II)", "portrait.jpg", func(t *testing.T) []byte {
			return withOrientation(jpg, 6, binary.LittleEndian)
		}, 0, Info{Mime: "image/jpeg", Width: 48, Height: 64}},
		{"jpeg exif rotated 270 (MM)", "portrait.jpg", func(t *testing.T) []byte {
			return withOrientation(jpg, 8, binary.BigEndian)
		}, 0, Info{Mime: "image/jpeg", Width: 48, Height: 64}},
		{"jpeg exif upside down keeps size", "flip.jpg", func(t *testing.T) []byte {
			return withOrientation(jpg, 3, binary.BigEndian)
		}, 0, Info{Mime: "image/jpeg", Width: 64, Height: 48}},
		{"content wins over extension", "really-png.jpg", func(t *testing.T) []byte { return pngBytes(t, 8, 8) }, 0,
			Info{Mime: "image/png", Width: 8, Height: 8}},
		{"static gif", "still.gif", func(t *testing.T) []byte { return gifBytes(t, 20, 10, 1, 0) }, 0,
			Info{Mime: "image/gif", Width: 20, Height: 10, Frames: 1}},
		{"animated gif", "party.gif", func(t *testing.T) []byte { return gifBytes(t, 20, 10, 3, 50) }, 0,
			Info{Mime: "image/gif", Width: 20, Height: 10, Frames: 3, Animated: true, DurationMS: 1500}},
		{"webp lossless", "a.webp", func(t *testing.T) []byte { return webpBytes(300, 200, false) }, 0,
			Info{Mime: "image/webp", Width: 300, Height: 200}},
		{"webp animated", "a.webp", func(t *testing.T) []byte { return webpBytes(300, 200, true) }, 0,
			Info{Mime: "image/webp", Width: 300, Height: 200, Animated: true}},
		{"mp4 with audio", "clip.mp4", func(t *testing.T) []byte {
			return mp4Bytes(t, mp4Spec{brand: "isom", width: 1280, height: 720, durationMS: 12_345, audio: true})
		}, 0, Info{Mime: "video/mp4", Width: 1280, Height: 720, DurationMS: 12_345, VideoCodec: "avc1", AudioCodec: "mp4a"}},
		{"quicktime hevc", "clip.mov", func(t *testing.T) []byte {
			return mp4Bytes(t, mp4Spec{brand: "qt  ", width: 1920, height: 1080, durationMS: 3000, videoCodec: "hvc1"})
		}, 0, Info{Mime: "video/quicktime", Width: 1920, Height: 1080, DurationMS: 3000, VideoCodec: "hvc1"}},
		{"phone video rotated by the matrix", "phone.mov", func(t *testing.T) []byte {
			return mp4Bytes(t, mp4Spec{brand: "qt  ", width: 1920, height: 1080, durationMS: 15_000, rotate90: true})
		}, 0, Info{Mime: "video/quicktime", Width: 1080, Height: 1920, DurationMS: 15_000, VideoCodec: "avc1"}},
		{"old quicktime without ftyp", "old.mov", func(t *testing.T) []byte {
			return mp4Bytes(t, mp4Spec{width: 640, height: 480, durationMS: 2000})
		}, 0, Info{Mime: "video/quicktime", Width: 640, Height: 480, DurationMS: 2000, VideoCodec: "avc1"}},
		{"fragmented mp4 length from mehd", "frag.mp4", func(t *testing.T) []byte {
			return mp4Bytes(t, mp4Spec{brand: "iso6", width: 640, height: 360, durationMS: 61_000, fragmented: true})
		}, 0, Info{Mime: "video/mp4", Width: 640, Height: 360, DurationMS: 61_000, VideoCodec: "avc1"}},
		{"big sparse mp4 reads only the header", "big.mp4", func(t *testing.T) []byte {
			return mp4Bytes(t, mp4Spec{brand: "mp42", width: 720, height: 1280, durationMS: 200_000})
		}, 600_000_000, Info{Mime: "video/mp4", Width: 720, Height: 1280, DurationMS: 200_000, VideoCodec: "avc1"}},
		{"pdf is reported, not read", "doc.pdf", func(t *testing.T) []byte { return []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n") }, 0,
			Info{Mime: "application/pdf"}},
		{"heic is recognised", "photo.heic", func(t *testing.T) []byte {
			return append([]byte{0, 0, 0, 24}, []byte("ftypheic\x00\x00\x00\x00mif1heic")...)
		}, 0, Info{Mime: "image/heic"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data(t)
			path := writeFile(t, t.TempDir(), tc.file, data, tc.size)
			got, err := Probe(path)
			require.NoError(t, err)
			tc.want.Size = int64(len(data))
			if tc.size > 0 {
				tc.want.Size = tc.size
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestProbeKind(t *testing.T) {
	assert.Equal(t, KindPhoto, Info{Mime: "image/jpeg"}.Kind())
	assert.Equal(t, KindPhoto, Info{Mime: "image/gif", Frames: 1}.Kind())
	assert.Equal(t, KindGIF, Info{Mime: "image/gif", Frames: 2, Animated: true}.Kind())
	assert.Equal(t, KindVideo, Info{Mime: "video/webm"}.Kind())
	assert.Equal(t, KindOther, Info{Mime: "application/pdf"}.Kind())
}

func TestProbeMalformed(t *testing.T) {
	mp4OK := mp4Bytes(t, mp4Spec{brand: "isom", width: 320, height: 240, durationMS: 1000})
	moovAt := 0
	for i := 0; i+4 <= len(mp4OK); i++ {
		if string(mp4OK[i:i+4]) == "moov" {
			moovAt = i
			break
		}
	}
	require.NotZero(t, moovAt)
	tests := []struct {
		name, file string
		data       []byte
		want       string // the whole error message, or its start when it ends with "…"
	}{
		{"empty jpeg", "photo.jpg", nil, "photo.jpg is not a readable JPEG image: the file is empty"},
		{"garbage named jpeg", "photo.jpg", []byte("this is not a picture at all"),
			"photo.jpg is not a readable JPEG image: …"},
		{"jpeg cut in its header", "photo.jpg", jpegBytes(t, 16, 16)[:40], "photo.jpg is not a readable JPEG image: …"},
		{"png cut in its header", "pic.png", pngBytes(t, 16, 16)[:20], "pic.png is not a readable PNG image: …"},
		{"gif with a broken block", "anim.gif", []byte("GIF89a\x04\x00\x04\x00\x00\x00\x00\x99"),
			"anim.gif is not a readable GIF image: unexpected block 0x99 after frame 0"},
		{"webp header only", "a.webp", []byte("RIFF\x04\x00\x00\x00WEBP"), "a.webp is not a readable WebP image: …"},
		{"mp4 without moov", "clip.mp4", mp4OK[:moovAt-4],
			"clip.mp4 is not a readable MP4 video: it has no movie header (moov box)"},
		{"mp4 cut inside moov", "clip.mp4", mp4OK[:moovAt+60], "clip.mp4 is not a readable MP4 video: …"},
		{"mp4 without video track", "sound.mp4",
			mp4Bytes(t, mp4Spec{brand: "isom", durationMS: 1000, audio: true, noVideo: true}),
			"sound.mp4 is not a readable MP4 video: it has no video track"},
		{"mp4 with an impossible box size", "clip.mp4",
			append(append([]byte{}, mp4OK[:moovAt-4]...), 0, 0, 0, 3, 'm', 'o', 'o', 'v', 0, 0, 0, 0),
			"clip.mp4 is not a readable MP4 video: …"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), tc.file, tc.data, 0)
			_, err := Probe(path)
			require.Error(t, err)
			assert.ErrorIs(t, err, model.ErrInvalid)
			if prefix, ok := cutSuffix(tc.want, "…"); ok {
				assert.Contains(t, err.Error(), prefix)
				assert.Greater(t, len(err.Error()), len(prefix), "the parser's reason follows")
			} else {
				assert.Equal(t, tc.want, err.Error())
			}
		})
	}
}

func cutSuffix(s, suffix string) (string, bool) {
	if len(s) >= len(suffix) && s[len(s)-len(suffix):] == suffix {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}

func TestProbeFileErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := Probe(filepath.Join(dir, "missing.jpg"))
	require.Error(t, err)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.NotErrorIs(t, err, model.ErrInvalid)

	sub := filepath.Join(dir, "folder.jpg")
	require.NoError(t, os.Mkdir(sub, 0o700))
	_, err = Probe(sub)
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.Equal(t, "folder.jpg is not a regular file: invalid input", err.Error())
}

func TestProbeGIFWithoutTrailer(t *testing.T) {
	data := gifBytes(t, 10, 10, 2, 10)
	require.Equal(t, byte(0x3B), data[len(data)-1])
	path := writeFile(t, t.TempDir(), "cut.gif", data[:len(data)-1], 0)
	got, err := Probe(path)
	require.NoError(t, err)
	assert.Equal(t, 2, got.Frames)
	assert.True(t, got.Animated)
	assert.Equal(t, int64(200), got.DurationMS)
}

func TestToMS(t *testing.T) {
	assert.Equal(t, int64(0), toMS(100, 0))
	assert.Equal(t, int64(0), toMS(0xFFFFFFFF, 1000))
	assert.Equal(t, int64(1500), toMS(135_000, 90_000))
	assert.Equal(t, int64(0), toMS(1<<62, 1), "absurd lengths are unknown, not overflowed")
	assert.False(t, errors.Is(nil, model.ErrInvalid))
}
