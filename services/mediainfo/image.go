package mediainfo

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/webp"
)

// decodeConfig reads an image header with one format's DecodeConfig.
func decodeConfig(r io.Reader, info *Info, decode func(io.Reader) (image.Config, error)) error {
	cfg, err := decode(bufio.NewReader(r))
	if err != nil {
		return err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return errors.New("it has no picture size")
	}
	info.Width, info.Height = cfg.Width, cfg.Height
	return nil
}

func probePNG(r io.ReadSeeker, info *Info) error {
	return decodeConfig(r, info, png.DecodeConfig)
}

// probeWebP reads the size, and the animation flag of an extended (VP8X) WebP.
func probeWebP(r io.ReadSeeker, info *Info) error {
	if err := decodeConfig(r, info, webp.DecodeConfig); err != nil {
		return err
	}
	var head [21]byte
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.ReadFull(r, head[:]); err == nil && string(head[12:16]) == "VP8X" {
		info.Animated = head[20]&0x02 != 0
	}
	return nil
}

// probeJPEG reads the size and turns it by the EXIF orientation, as viewers and the
// networks do, so a portrait phone photo is reported taller than wide.
func probeJPEG(r io.ReadSeeker, info *Info) error {
	if err := decodeConfig(r, info, jpeg.DecodeConfig); err != nil {
		return err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if o := exifOrientation(bufio.NewReader(r)); o >= 5 && o <= 8 {
		info.Width, info.Height = info.Height, info.Width
	}
	return nil
}

// exifOrientation returns the EXIF Orientation tag (1..8) of a JPEG, or 0 when there is
// none or the metadata cannot be read: orientation never makes a file unreadable.
func exifOrientation(r *bufio.Reader) int {
	var marker [4]byte
	if _, err := io.ReadFull(r, marker[:2]); err != nil || marker[0] != 0xFF || marker[1] != 0xD8 {
		return 0
	}
	for {
		if _, err := io.ReadFull(r, marker[:]); err != nil || marker[0] != 0xFF {
			return 0
		}
		kind, size := marker[1], int(binary.BigEndian.Uint16(marker[2:]))-2
		if kind == 0xDA || kind == 0xD9 || size < 0 {
			return 0 // start of scan or end of image: the metadata segments are over
		}
		if kind != 0xE1 {
			if _, err := r.Discard(size); err != nil {
				return 0
			}
			continue
		}
		seg := make([]byte, size)
		if _, err := io.ReadFull(r, seg); err != nil {
			return 0
		}
		if len(seg) > 6 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
	}
}

// tiffOrientation finds tag 0x0112 in the first IFD of an EXIF TIFF block.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var order binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 0
	}
	ifd := int64(order.Uint32(t[4:8]))
	if ifd < 8 || ifd+2 > int64(len(t)) {
		return 0
	}
	count := int64(order.Uint16(t[ifd:]))
	for i := int64(0); i < count; i++ {
		e := ifd + 2 + i*12
		if e+12 > int64(len(t)) {
			return 0
		}
		if order.Uint16(t[e:]) == 0x0112 {
			return int(order.Uint16(t[e+8:]))
		}
	}
	return 0
}

// probeGIF reads the size, then walks the blocks to count frames and add up their delays.
func probeGIF(r io.ReadSeeker, info *Info) error {
	if err := decodeConfig(r, info, gif.DecodeConfig); err != nil {
		return err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return err
	}
	frames, delay, err := scanGIF(bufio.NewReader(r))
	if err != nil {
		return err
	}
	info.Frames = frames
	info.Animated = frames > 1
	if info.Animated {
		info.DurationMS = delay * 10
	}
	return nil
}

// scanGIF counts the image descriptors of a GIF and sums the delays (in hundredths of a
// second) of its graphic control extensions, without decoding any pixels. A file cut
// short after its first frame is accepted, as browsers accept it.
func scanGIF(r *bufio.Reader) (frames int, delayCS int64, err error) {
	var hdr [13]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return 0, 0, err
	}
	if err := skipColorTable(r, hdr[10]); err != nil {
		return 0, 0, err
	}
	for {
		b, err := r.ReadByte()
		if err != nil {
			return truncatedGIF(frames, delayCS, err)
		}
		switch b {
		case 0x21:
			d, err := readExtension(r)
			if err != nil {
				return truncatedGIF(frames, delayCS, err)
			}
			delayCS += d
		case 0x2C:
			frames++
			if err := skipImage(r); err != nil {
				return truncatedGIF(frames, delayCS, err)
			}
		case 0x3B:
			return frames, delayCS, nil
		default:
			return 0, 0, fmt.Errorf("unexpected block 0x%02x after frame %d", b, frames)
		}
	}
}

func truncatedGIF(frames int, delayCS int64, err error) (int, int64, error) {
	if frames > 0 && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)) {
		return frames, delayCS, nil
	}
	return 0, 0, fmt.Errorf("it has no complete frame: %w", err)
}

// skipColorTable skips the color table announced by a GIF packed-fields byte.
func skipColorTable(r *bufio.Reader, packed byte) error {
	if packed&0x80 == 0 {
		return nil
	}
	_, err := r.Discard(3 << ((packed & 0x07) + 1))
	return err
}

// readExtension reads one extension block and returns its delay when it is a graphic
// control extension.
func readExtension(r *bufio.Reader) (int64, error) {
	label, err := r.ReadByte()
	if err != nil {
		return 0, err
	}
	first, err := skipSubBlocks(r)
	if err != nil || label != 0xF9 || len(first) < 3 {
		return 0, err
	}
	return int64(first[1]) | int64(first[2])<<8, nil
}

// skipImage skips an image descriptor, its local color table and its compressed data.
func skipImage(r *bufio.Reader) error {
	var desc [9]byte
	if _, err := io.ReadFull(r, desc[:]); err != nil {
		return err
	}
	if err := skipColorTable(r, desc[8]); err != nil {
		return err
	}
	if _, err := r.ReadByte(); err != nil { // LZW minimum code size
		return err
	}
	_, err := skipSubBlocks(r)
	return err
}

// skipSubBlocks skips a chain of data sub-blocks and returns the first one.
func skipSubBlocks(r *bufio.Reader) ([]byte, error) {
	var first []byte
	for i := 0; ; i++ {
		n, err := r.ReadByte()
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return first, nil
		}
		if i == 0 {
			first = make([]byte, n)
			if _, err := io.ReadFull(r, first); err != nil {
				return nil, err
			}
			continue
		}
		if _, err := r.Discard(int(n)); err != nil {
			return nil, err
		}
	}
}
