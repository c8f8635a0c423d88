package mediainfo

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	mp4 "github.com/abema/go-mp4"
	"github.com/stretchr/testify/require"
)

// The generators below build tiny media files in memory with the standard encoders
// (images) and go-mp4's writer (videos); nothing outside Go is needed.

func rgba(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{R: 200, A: 255})
	return img
}

func pngBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, rgba(w, h)))
	return b.Bytes()
}

func jpegBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, jpeg.Encode(&b, rgba(w, h), &jpeg.Options{Quality: 50}))
	return b.Bytes()
}

// withOrientation inserts an EXIF APP1 segment carrying the Orientation tag after SOI.
func withOrientation(jpg []byte, orientation uint16, order binary.ByteOrder) []byte {
	tiff := make([]byte, 26)
	if order == binary.LittleEndian {
		copy(tiff, "II")
	} else {
		copy(tiff, "MM")
	}
	order.PutUint16(tiff[2:], 42)
	order.PutUint32(tiff[4:], 8)
	order.PutUint16(tiff[8:], 1)       // one entry
	order.PutUint16(tiff[10:], 0x0112) // Orientation
	order.PutUint16(tiff[12:], 3)      // SHORT
	order.PutUint32(tiff[14:], 1)      // count
	order.PutUint16(tiff[18:], orientation)
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	seg = append(seg, payload...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

func gifBytes(t testing.TB, w, h, frames, delayCS int) []byte {
	t.Helper()
	pal := color.Palette{color.Black, color.White}
	g := &gif.GIF{}
	for i := 0; i < frames; i++ {
		g.Image = append(g.Image, image.NewPaletted(image.Rect(0, 0, w, h), pal))
		g.Delay = append(g.Delay, delayCS)
	}
	var b bytes.Buffer
	require.NoError(t, gif.EncodeAll(&b, g))
	return b.Bytes()
}

// webpBytes builds a lossless (VP8L) WebP header, or an extended (VP8X) one with the
// animation flag; DecodeConfig reads no further than these headers.
func webpBytes(w, h int, animated bool) []byte {
	var chunk []byte
	if animated {
		chunk = []byte("VP8X")
		chunk = binary.LittleEndian.AppendUint32(chunk, 10)
		chunk = append(chunk, 0x02, 0, 0, 0)
		chunk = append(chunk, byte(w-1), byte((w-1)>>8), byte((w-1)>>16), byte(h-1), byte((h-1)>>8), byte((h-1)>>16))
	} else {
		chunk = []byte("VP8L")
		chunk = binary.LittleEndian.AppendUint32(chunk, 6)
		bits := uint32(w-1) | uint32(h-1)<<14
		chunk = append(chunk, 0x2f)
		chunk = binary.LittleEndian.AppendUint32(chunk, bits)
		chunk = append(chunk, 0) // padding to an even length
	}
	out := []byte("RIFF")
	out = binary.LittleEndian.AppendUint32(out, uint32(4+len(chunk)))
	out = append(out, "WEBP"...)
	return append(out, chunk...)
}

// mp4Spec describes a generated MP4 or QuickTime file.
type mp4Spec struct {
	brand      string // ftyp major brand; "" writes no ftyp (an old QuickTime file)
	width      int
	height     int
	durationMS uint32
	rotate90   bool
	audio      bool
	videoCodec string // sample entry type, default avc1
	fragmented bool   // mvhd duration 0, the length in mvex/mehd
	noVideo    bool
}

var identity = [9]int32{0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000}
var quarterTurn = [9]int32{0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000}

// mp4Bytes writes the file with go-mp4's Writer into path and returns its bytes.
func mp4Bytes(t testing.TB, s mp4Spec) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "gen.mp4")
	f, err := os.Create(path)
	require.NoError(t, err)
	w := &boxWriter{t: t, w: mp4.NewWriter(f)}
	if s.brand != "" {
		b := [4]byte([]byte(s.brand))
		w.leaf(&mp4.Ftyp{MajorBrand: b, CompatibleBrands: []mp4.CompatibleBrandElem{{CompatibleBrand: b}}})
	}
	w.start(mp4.BoxTypeMoov())
	mvhd := &mp4.Mvhd{Timescale: 1000, DurationV0: s.durationMS, Rate: 0x10000, Volume: 0x100, Matrix: identity, NextTrackID: 3}
	if s.fragmented {
		mvhd.DurationV0 = 0
	}
	w.leaf(mvhd)
	if !s.noVideo {
		w.videoTrak(s)
	}
	if s.audio {
		w.audioTrak(s)
	}
	if s.fragmented {
		w.start(mp4.BoxTypeMvex())
		w.leaf(&mp4.Mehd{FragmentDurationV0: s.durationMS})
		w.end()
	}
	w.end()
	w.start(mp4.BoxTypeMdat())
	_, err = w.w.Write(make([]byte, 64))
	require.NoError(t, err)
	w.end()
	require.NoError(t, f.Close())
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return data
}

type boxWriter struct {
	t testing.TB
	w *mp4.Writer
}

func (b *boxWriter) start(typ mp4.BoxType) {
	_, err := b.w.StartBox(&mp4.BoxInfo{Type: typ})
	require.NoError(b.t, err)
}

func (b *boxWriter) end() {
	_, err := b.w.EndBox()
	require.NoError(b.t, err)
}

func (b *boxWriter) payload(box mp4.IImmutableBox) {
	_, err := mp4.Marshal(b.w, box, mp4.Context{})
	require.NoError(b.t, err)
}

func (b *boxWriter) leaf(box mp4.IImmutableBox) {
	b.start(box.GetType())
	b.payload(box)
	b.end()
}

func (b *boxWriter) videoTrak(s mp4Spec) {
	matrix := identity
	if s.rotate90 {
		matrix = quarterTurn
	}
	codec := s.videoCodec
	if codec == "" {
		codec = "avc1"
	}
	b.start(mp4.BoxTypeTrak())
	tkhd := &mp4.Tkhd{TrackID: 1, DurationV0: s.durationMS, Matrix: matrix,
		Width: uint32(s.width) << 16, Height: uint32(s.height) << 16}
	tkhd.SetFlags(0x000003)
	b.leaf(tkhd)
	b.media("vide", &mp4.VisualSampleEntry{
		SampleEntry: mp4.SampleEntry{AnyTypeBox: mp4.AnyTypeBox{Type: mp4.StrToBoxType(codec)}, DataReferenceIndex: 1},
		Width:       uint16(s.width), Height: uint16(s.height),
		Horizresolution: 0x480000, Vertresolution: 0x480000, FrameCount: 1, Depth: 0x18, PreDefined3: -1,
	}, s.durationMS)
	b.end()
}

func (b *boxWriter) audioTrak(s mp4Spec) {
	b.start(mp4.BoxTypeTrak())
	tkhd := &mp4.Tkhd{TrackID: 2, DurationV0: s.durationMS, Matrix: identity, Volume: 0x100}
	tkhd.SetFlags(0x000003)
	b.leaf(tkhd)
	b.media("soun", &mp4.AudioSampleEntry{
		SampleEntry:  mp4.SampleEntry{AnyTypeBox: mp4.AnyTypeBox{Type: mp4.BoxTypeMp4a()}, DataReferenceIndex: 1},
		ChannelCount: 2, SampleSize: 16, SampleRate: 48000 << 16,
	}, s.durationMS)
	b.end()
}

// media writes mdia with mdhd, hdlr and minf/stbl/stsd holding one sample entry.
func (b *boxWriter) media(handler string, entry mp4.IImmutableBox, durationMS uint32) {
	b.start(mp4.BoxTypeMdia())
	b.leaf(&mp4.Mdhd{Timescale: 90000, DurationV0: durationMS * 90, Language: [3]byte{'u' - 0x60, 'n' - 0x60, 'd' - 0x60}})
	b.leaf(&mp4.Hdlr{HandlerType: [4]byte([]byte(handler)), Name: "handler"})
	b.start(mp4.BoxTypeMinf())
	b.start(mp4.BoxTypeStbl())
	b.start(mp4.BoxTypeStsd())
	b.payload(&mp4.Stsd{EntryCount: 1})
	b.leaf(entry)
	b.end()
	b.end()
	b.end()
	b.end()
}

// writeFile stores data under name in dir and, when size is larger, extends the file
// with a sparse hole so huge files cost nothing; it returns the path.
func writeFile(t testing.TB, dir, name string, data []byte, size int64) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, data, 0o600))
	if size > int64(len(data)) {
		require.NoError(t, os.Truncate(path, size))
	}
	return path
}
