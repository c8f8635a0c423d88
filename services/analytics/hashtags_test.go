package analytics

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"webox-social/services/model"
)

var localHashtagCases = []struct {
	name    string
	content string
	p       model.Platform
	count   int
	want    []string
}{
	{"existing first, then frequency, then position", "Lunch at #Bistrot today, fresh pasta and fresh salad",
		model.Instagram, 10, []string{"#Bistrot", "#fresh", "#lunch", "#FreshPasta", "#pasta", "#FreshSalad", "#salad"}},
	{"count cuts the ranked list", "Lunch at #Bistrot today, fresh pasta and fresh salad",
		model.Instagram, 3, []string{"#Bistrot", "#fresh", "#lunch"}},
	{"stop words, numbers, short words and calls to action dropped", "Book the 2026 tour of an old ski hut now",
		model.Instagram, 10, []string{"#tour", "#old", "#OldSki", "#ski", "#SkiHut", "#hut"}},
	{"pairs only from adjacent keywords", "summer sale, summer of sale", model.Instagram, 10,
		[]string{"#summer", "#sale", "#SummerSale"}},
	{"proper noun keeps its capital", "We love Paris. Paris is great.", model.Instagram, 10,
		[]string{"#Paris", "#love", "#LoveParis", "#great"}},
	{"sentence capital dropped", "Coffee first. We drink coffee", model.Instagram, 10,
		[]string{"#coffee", "#CoffeeFirst", "#first", "#drink", "#DrinkCoffee"}},
	{"existing tag keeps its spelling", "#paris trip to Paris", model.Instagram, 10, []string{"#paris", "#trip"}},
	{"French elisions and stop words", "Découvrez l'hôtel du lac et sa terrasse au bord du lac", model.Instagram, 10,
		[]string{"#lac", "#hôtel", "#terrasse", "#bord"}},
	{"mentions and links are not keywords", "Thanks @alice for https://example.com/garden", model.Instagram, 10,
		[]string{"#thanks"}},
	{"count 0 is the network's cap", "alpha beta gamma delta epsilon zeta eta theta", model.X, 0,
		[]string{"#alpha", "#AlphaBeta", "#beta", "#BetaGamma", "#gamma"}},
	{"count above the cap", "alpha beta gamma delta epsilon zeta eta theta", model.X, 50,
		[]string{"#alpha", "#AlphaBeta", "#beta", "#BetaGamma", "#gamma"}},
	{"empty", "", model.X, 5, []string{}},
}

func TestLocalHashtags(t *testing.T) {
	for _, tc := range localHashtagCases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, LocalHashtags(tc.content, tc.p, tc.count))
		})
	}
}
