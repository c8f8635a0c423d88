package main

import (
	"fmt"

	"webox-social/services/model"
)

// profile is how the bakery does on one network.
type profile struct {
	platform         model.Platform
	handle, instance string
	// share is the chance that a post goes to this network.
	share float64
	// views is a typical post's views; 0 when the network gives no views (Mastodon,
	// Bluesky), and then engaged is a typical post's likes + comments + shares.
	views, engaged float64
	// rate is a typical engagement rate in percent, for networks with views.
	rate float64
	// saves tells whether the network gives saves (Instagram saved, X bookmarks).
	saves bool
	// followers at the start and gained per day.
	followers, growth float64
	permalink         func(id string) string
}

// demoAccount is a stored account with its profile.
type demoAccount struct {
	model.Account
	profile profile
}

// profiles are the bakery's accounts, in model.Platforms order.
var profiles = []profile{
	{platform: model.Instagram, handle: "@maison.lumiere", share: 0.75, views: 1800, rate: 4.2, saves: true,
		followers: 4200, growth: 9, permalink: func(id string) string { return "https://www.instagram.com/p/" + id + "/" }},
	{platform: model.Facebook, handle: "Maison Lumière Boulangerie", share: 0.6, views: 900, rate: 2.1,
		followers: 2600, growth: 2.5, permalink: func(id string) string { return "https://www.facebook.com/maisonlumiere/posts/" + id }},
	{platform: model.X, handle: "@maisonlumiere", share: 0.55, views: 2400, rate: 1.3, saves: true,
		followers: 1900, growth: 1.5, permalink: func(id string) string { return "https://x.com/maisonlumiere/status/" + id }},
	{platform: model.LinkedIn, handle: "Maison Lumière", share: 0.3, views: 1300, rate: 3.1,
		followers: 850, growth: 2, permalink: func(id string) string { return "https://www.linkedin.com/feed/update/urn:li:share:" + id }},
	{platform: model.TikTok, handle: "@maison.lumiere", share: 0.3, views: 5200, rate: 6.4,
		followers: 3100, growth: 18, permalink: func(id string) string { return "https://www.tiktok.com/@maison.lumiere/video/" + id }},
	{platform: model.YouTube, handle: "@MaisonLumiere", share: 0.12, views: 2900, rate: 3.8,
		followers: 640, growth: 1.2, permalink: func(id string) string { return "https://www.youtube.com/watch?v=" + id }},
	{platform: model.Mastodon, handle: "@maisonlumiere@piaille.example", instance: "https://piaille.example", share: 0.5, engaged: 24,
		followers: 410, growth: 0.8, permalink: func(id string) string { return "https://piaille.example/@maisonlumiere/" + id }},
	{platform: model.Bluesky, handle: "@maisonlumiere.bsky.social", instance: "https://bsky.social", share: 0.5, engaged: 31,
		followers: 560, growth: 1.6, permalink: func(id string) string {
			return "https://bsky.app/profile/maisonlumiere.bsky.social/post/" + id
		}},
}

// postTexts are what the bakery posts about.
var postTexts = []string{
	"Fresh sourdough out of the oven at 7:00. Come early, the first batch always goes fast!",
	"Our croissants take three days: a night of rest for the dough, a day of folding, a morning of baking.",
	"New this week: a rye loaf with walnuts and figs. Perfect with a good cheese.",
	"Behind the scenes: shaping 200 baguettes before sunrise. Here is how we do it.",
	"Saturday market today at Place des Lices, stand 14. See you there!",
	"Pain au chocolat or chocolatine? Tell us in the comments.",
	"We are hiring an apprentice baker. Early mornings, warm ovens, great team.",
	"The galette des rois is back, with almond frangipane made in-house.",
	"A customer asked how to keep bread fresh: wrap it in a cloth, never in the fridge.",
	"Our flour comes from a mill 40 km away. Meet the miller in this week's video.",
	"Lemon tart of the week: Menton lemons, Breton butter, a little patience.",
	"Closed on Monday for the staff day. Back on Tuesday at 7:00 with fresh bread.",
	"Thank you for 10 years of mornings together. A free coffee with every pastry today!",
	"The secret of a crisp crust: steam in the first ten minutes. Bakers' tip of the day.",
	"Brioche feuilletée, fresh from the oven. Buttery layers, soft heart.",
	"Gluten-free loaves now every Thursday, baked in a separate oven.",
	"Sunday brunch box: pastries, bread, jam and orange juice for two. Order by Friday.",
	"How we make our levain: flour, water, time, and a bit of care every day.",
	"Rainy day? Our hot chocolate with a slice of marble cake is waiting for you.",
	"Meet Claire, our pastry chef, and her famous raspberry tartlets.",
}

// remoteID is a network-looking post id for the n-th post on p.
func remoteID(p model.Platform, n int) string {
	switch p {
	case model.Instagram:
		return fmt.Sprintf("C%09dLum", 310000000+n)
	case model.YouTube:
		return fmt.Sprintf("dQ%09d", 700000000+n)
	case model.Bluesky:
		return fmt.Sprintf("3l%011d", 45000000000+n)
	}
	return fmt.Sprintf("%d", 1890000000000000000+int64(n)*7919)
}
