package app_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"webox-social/app"
	"webox-social/services/model"
)

func TestProbeMediaReadsTheFileForTheComposer(t *testing.T) {
	r := newRig(t)
	path, data := writeJPEG(t, t.TempDir(), 64, 48)
	m, err := r.core.ProbeMedia(path)
	require.NoError(t, err)
	assert.Equal(t, model.Media{Path: path, Mime: "image/jpeg", Size: int64(len(data)), Width: 64, Height: 48}, m)

	bad := filepath.Join(t.TempDir(), "notes.jpg")
	require.NoError(t, os.WriteFile(bad, []byte("not a picture"), 0o600))
	_, err = r.core.ProbeMedia(bad)
	require.ErrorIs(t, err, model.ErrInvalid)
	assert.Contains(t, app.UserMessage(err), "otes.jpg is not a readable JPEG image")
}

func TestMediaReturnsAnEditedPostsFilesWithAltText(t *testing.T) {
	r := newRig(t)
	path, _ := writeJPEG(t, t.TempDir(), 30, 20)
	p, err := r.core.CreatePost(t.Context(), app.Draft{Content: "Croissants", MediaPaths: []string{path},
		AltTexts: map[string]string{path: "Three croissants"}})
	require.NoError(t, err)
	media, err := r.core.Media(t.Context(), p.MediaIDs)
	require.NoError(t, err)
	require.Len(t, media, 1)
	assert.Equal(t, "Three croissants", media[0].AltText)
	assert.Equal(t, 30, media[0].Width)
	assert.FileExists(t, media[0].Path)

	_, err = r.core.Media(t.Context(), []int64{p.MediaIDs[0], 999})
	assert.ErrorIs(t, err, model.ErrNotFound)
}
