package mediainfo

import (
	"encoding/binary"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/services/model"
)

// probeFiles writes generated files (name → bytes, optionally grown sparsely) and probes them.
func probeFiles(t *testing.T, files ...genFile) ([]Info, []string) {
	t.Helper()
	dir := t.TempDir()
	infos := make([]Info, 0, len(files))
	names := make([]string, 0, len(files))
	for _, f := range files {
		info, err := Probe(writeFile(t, dir, f.name, f.data, f.size))
		require.NoError(t, err, f.name)
		infos = append(infos, info)
		names = append(names, filepath.Base(f.name))
	}
	return infos, names
}

type genFile struct {
	name string
	data []byte
	size int64
}

func messages(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Message)
	}
	return out
}

// TestCrossPostOnePhoto probes one ordinary portrait photo and checks it for all eight
// networks at once, as the composer does for a cross-post.
func TestCrossPostOnePhoto(t *testing.T) {
	infos, names := probeFiles(t, genFile{name: "photo.jpg", data: jpegBytes(t, 1080, 1350)})
	want := map[model.Platform][]string{
		model.YouTube: {"YouTube does not accept photos, only videos; photo.jpg is a photo."},
	}
	for _, p := range model.Platforms {
		got := Check(p, infos, names, model.TargetOptions{})
		assert.Equal(t, want[p], messages(got), p)
	}
}

func TestProbeThenCheck(t *testing.T) {
	clip := mp4Bytes(t, mp4Spec{brand: "isom", width: 1280, height: 720, durationMS: 192_000, audio: true})
	phone := mp4Bytes(t, mp4Spec{brand: "qt  ", width: 1920, height: 1080, durationMS: 30_000, rotate90: true})
	tests := []struct {
		name  string
		p     model.Platform
		opts  model.TargetOptions
		files []genFile
		want  []string
	}{
		{"tall photo on instagram", model.Instagram, model.TargetOptions{},
			[]genFile{{name: "beach.jpg", data: jpegBytes(t, 1000, 3000)}},
			[]string{"Instagram accepts photos between 4:5 and 1.91:1; beach.jpg is 1:3."}},
		{"exif portrait photo on instagram", model.Instagram, model.TargetOptions{},
			[]genFile{{name: "phone.jpg", data: withOrientation(jpegBytes(t, 1350, 1080), 6, binary.LittleEndian)}}, nil},
		{"long clip on x", model.X, model.TargetOptions{},
			[]genFile{{name: "clip.mp4", data: clip}},
			[]string{"X allows videos up to 140 seconds; clip.mp4 lasts 3 min 12 s."}},
		{"phone video as a reel", model.Instagram, model.TargetOptions{Format: "reel"},
			[]genFile{{name: "phone.mov", data: phone}}, nil},
		{"phone video on x", model.X, model.TargetOptions{},
			[]genFile{{name: "phone.mov", data: phone}},
			[]string{"X allows videos up to 1280×1024 pixels (either way round); phone.mov is 1080×1920."}},
		{"huge sparse video on x", model.X, model.TargetOptions{},
			[]genFile{{name: "big.mp4", data: mp4Bytes(t, mp4Spec{brand: "mp42", width: 1280, height: 720, durationMS: 60_000}), size: 600 * mB}},
			[]string{"X allows videos up to 512 MB; big.mp4 is 600 MB."}},
		{"animated gif with a photo on x", model.X, model.TargetOptions{},
			[]genFile{{name: "party.gif", data: gifBytes(t, 40, 40, 4, 10)}, {name: "photo.jpg", data: jpegBytes(t, 50, 50)}},
			[]string{"X allows an animated GIF only on its own; this post has 2 attachments."}},
		{"tiktok needs media", model.TikTok, model.TargetOptions{}, nil,
			[]string{"TikTok needs a video or photos; this post has none."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			infos, names := probeFiles(t, tc.files...)
			assert.Equal(t, tc.want, messages(Check(tc.p, infos, names, tc.opts)))
		})
	}
}
