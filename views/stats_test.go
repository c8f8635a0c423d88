package views

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"webox-social/services/model"
	"webox-social/views/viewstest"
)

func TestStatsCountsByStatus(t *testing.T) {
	c := viewstest.New()
	c.PostList = []model.Post{{ID: 1, Status: model.PostPublished}, {ID: 2, Status: model.PostPublished}, {ID: 3, Status: model.PostFailed}}
	u := newTestUI(t, c)
	s := open[*statsScreen](t, u, navStats)
	assert.Equal(t, "3 posts in total", s.total.Text)
	assert.Len(t, s.grid.Objects, len(statsStatuses))
	assert.Contains(t, texts(s.root), "Statistics arrive once posts are published and collected")
	assert.Equal(t, map[model.PostStatus]int{model.PostPublished: 2, model.PostFailed: 1}, countByStatus(c.PostList))
}
