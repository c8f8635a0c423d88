package mediainfo

import (
	"errors"
	"fmt"
	"io"

	mp4 "github.com/abema/go-mp4"
)

// maxBoxes bounds how many boxes one probe visits, so a file of garbage that happens to
// parse as thousands of tiny boxes is rejected quickly instead of walked to its end.
const maxBoxes = 20000

// errMoovDone stops the box walk once the movie header has been read: nothing after
// it (usually the media data) is needed.
var errMoovDone = errors.New("moov read")

// mp4Track is what one trak box says about its track.
type mp4Track struct {
	handler     string // "vide", "soun", ...
	codec       string // the first sample entry's four-character code: avc1, hvc1, mp4a, ...
	width       float64
	height      float64
	quarterTurn bool // the display matrix rotates the picture by 90 or 270 degrees
	timescale   uint32
	duration    uint64
}

// mp4Scan collects the facts of one ISO BMFF (MP4/MOV) file while its boxes are walked.
type mp4Scan struct {
	boxes     int
	sawMoov   bool
	timescale uint32
	duration  uint64
	fragment  uint64 // mvex/mehd fragment_duration, for fragmented files
	tracks    []*mp4Track
}

// probeMP4 reads duration, picture size and codecs from an MP4 or QuickTime file's moov box.
func probeMP4(r io.ReadSeeker, info *Info) error {
	s := &mp4Scan{}
	_, err := mp4.ReadBoxStructure(r, s.visit)
	if err != nil && !errors.Is(err, errMoovDone) {
		return err
	}
	if !s.sawMoov {
		return errors.New("it has no movie header (moov box)")
	}
	s.fill(info)
	if info.Width == 0 || info.Height == 0 {
		if video := s.track("vide"); video == nil {
			return errors.New("it has no video track")
		}
		return errors.New("its video track has no picture size")
	}
	return nil
}

// visit is the box-walk handler: it expands only the containers on the way to the
// headers it reads and skips everything else (the media data is never read).
func (s *mp4Scan) visit(h *mp4.ReadHandle) (any, error) {
	s.boxes++
	if s.boxes > maxBoxes {
		return nil, fmt.Errorf("it has more than %d boxes", maxBoxes)
	}
	bi := h.BoxInfo
	if bi.Size < bi.HeaderSize {
		return nil, fmt.Errorf("box %s has an impossible size %d", bi.Type, bi.Size)
	}
	parent := ""
	if len(h.Path) > 1 {
		parent = h.Path[len(h.Path)-2].String()
	}
	return nil, s.visitBox(h, bi.Type.String(), parent)
}

// visitBox handles one box by its type and its parent's type.
func (s *mp4Scan) visitBox(h *mp4.ReadHandle, typ, parent string) error {
	switch {
	case typ == "moov" && parent == "":
		s.sawMoov = true
		if _, err := h.Expand(); err != nil {
			return err
		}
		return errMoovDone
	case typ == "trak" && parent == "moov":
		s.tracks = append(s.tracks, &mp4Track{})
		return expand(h)
	case isContainer(typ, parent):
		return expand(h)
	case parent == "stsd":
		if t := s.current(); t != nil && t.codec == "" {
			t.codec = typ
		}
		return nil
	}
	return s.readHeader(h, typ, parent)
}

// isContainer reports whether a box is one of the containers walked into.
func isContainer(typ, parent string) bool {
	switch typ + "<" + parent {
	case "mvex<moov", "mdia<trak", "minf<mdia", "stbl<minf", "stsd<stbl":
		return true
	}
	return false
}

func expand(h *mp4.ReadHandle) error {
	_, err := h.Expand()
	return err
}

// readHeader reads the payload of the header boxes that carry the facts Probe reports.
func (s *mp4Scan) readHeader(h *mp4.ReadHandle, typ, parent string) error {
	switch typ + "<" + parent {
	case "mvhd<moov", "mehd<mvex", "tkhd<trak", "mdhd<mdia", "hdlr<mdia":
	default:
		return nil
	}
	box, _, err := h.ReadPayload()
	if err != nil {
		return fmt.Errorf("its %s box is damaged: %w", typ, err)
	}
	s.apply(box)
	return nil
}

// apply stores what one decoded header box says.
func (s *mp4Scan) apply(box mp4.IBox) {
	t := s.current()
	switch b := box.(type) {
	case *mp4.Mvhd:
		s.timescale = b.Timescale
		s.duration = versioned(b.GetVersion(), uint64(b.DurationV0), b.DurationV1)
	case *mp4.Mehd:
		s.fragment = versioned(b.GetVersion(), uint64(b.FragmentDurationV0), b.FragmentDurationV1)
	case *mp4.Tkhd:
		if t != nil {
			t.width = float64(b.Width) / 65536
			t.height = float64(b.Height) / 65536
			t.quarterTurn = b.Matrix[0] == 0 && b.Matrix[4] == 0 && b.Matrix[1] != 0
		}
	case *mp4.Mdhd:
		if t != nil {
			t.timescale = b.Timescale
			t.duration = b.GetDuration()
		}
	case *mp4.Hdlr:
		if t != nil {
			t.handler = string(b.HandlerType[:])
		}
	}
}

func versioned(version uint8, v0, v1 uint64) uint64 {
	if version == 1 {
		return v1
	}
	return v0
}

// current is the track whose boxes are being walked, nil outside any trak.
func (s *mp4Scan) current() *mp4Track {
	if len(s.tracks) == 0 {
		return nil
	}
	return s.tracks[len(s.tracks)-1]
}

// track returns the first track with the given handler type, or nil.
func (s *mp4Scan) track(handler string) *mp4Track {
	for _, t := range s.tracks {
		if t.handler == handler {
			return t
		}
	}
	return nil
}

// fill copies the collected facts into info: the displayed picture size of the first
// video track, the movie's duration and the first video and audio codecs.
func (s *mp4Scan) fill(info *Info) {
	info.DurationMS = s.durationMS()
	if v := s.track("vide"); v != nil {
		info.Width, info.Height = int(v.width+0.5), int(v.height+0.5)
		if v.quarterTurn {
			info.Width, info.Height = info.Height, info.Width
		}
		info.VideoCodec = v.codec
	}
	if a := s.track("soun"); a != nil {
		info.AudioCodec = a.codec
	}
}

// durationMS is the movie header's duration, else the fragment duration, else the
// longest track's media duration, in milliseconds.
func (s *mp4Scan) durationMS() int64 {
	if ms := toMS(s.duration, s.timescale); ms > 0 {
		return ms
	}
	if ms := toMS(s.fragment, s.timescale); ms > 0 {
		return ms
	}
	var longest int64
	for _, t := range s.tracks {
		longest = max(longest, toMS(t.duration, t.timescale))
	}
	return longest
}

// toMS converts a duration in timescale units to milliseconds; unknown durations
// (zero timescale, or all ones as some writers use) are zero.
func toMS(units uint64, timescale uint32) int64 {
	if timescale == 0 || units == 0 || units == 0xFFFFFFFF || units == 0xFFFFFFFFFFFFFFFF {
		return 0
	}
	whole := units / uint64(timescale)
	if whole > 1<<40 {
		return 0
	}
	return int64(whole*1000 + units%uint64(timescale)*1000/uint64(timescale))
}
