package analytics

// Word lists for English and French, lower case. They are short on purpose: the stop
// words are the function words frequent enough to guess a post's language and to keep
// out of hashtag suggestions; the call-to-action verbs are the imperatives a post uses
// to ask the reader to do something.

// enStop are English function words and very common verbs and adverbs.
var enStop = setOf(
	"a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
	"be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
	"did", "do", "does", "doing", "don't", "down", "during", "each", "even", "every", "few", "for",
	"from", "further", "get", "got", "had", "has", "have", "having", "he", "her", "here", "hers",
	"him", "his", "how", "i", "i'm", "if", "in", "into", "is", "it", "it's", "its", "just", "let's",
	"like", "me", "more", "most", "much", "my", "new", "no", "nor", "not", "now", "of", "off", "on",
	"once", "one", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she", "should",
	"so", "some", "such", "than", "that", "that's", "the", "their", "them", "then", "there", "these",
	"they", "this", "those", "through", "to", "today", "too", "under", "until", "up", "us", "very",
	"was", "we", "we're", "were", "what", "when", "where", "which", "while", "who", "why", "will",
	"with", "would", "you", "you're", "your", "yours",
)

// frStop are French function words and very common verbs and adverbs; elided articles
// ("l", "d", "qu") are listed without their apostrophe, as splitWords leaves them.
var frStop = setOf(
	"à", "afin", "ai", "aime", "alors", "au", "aussi", "autre", "aux", "avec", "avez", "avoir", "avons",
	"c", "ça", "car", "ce", "ceci", "cela", "celle", "celui", "ces", "cet", "cette", "chaque", "chez",
	"comme", "comment", "d", "dans", "de", "des", "deux", "donc", "dont", "du", "elle", "elles", "en",
	"encore", "entre", "es", "est", "et", "être", "eux", "fait", "faire", "il", "ils", "j", "je",
	"jusqu", "l", "la", "là", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais", "me", "même",
	"mes", "moi", "mon", "n", "ne", "ni", "nos", "notre", "nous", "on", "ont", "or", "ou", "où", "par",
	"pas", "peu", "plus", "pour", "pourquoi", "qu", "quand", "que", "quel", "quelle", "qui", "s", "sa",
	"sans", "se", "ses", "si", "son", "sont", "sous", "sur", "t", "ta", "te", "tes", "toi", "ton",
	"tous", "tout", "toute", "toutes", "très", "tu", "un", "une", "vos", "votre", "vous", "y",
	"aujourd'hui", "nouveau", "nouvelle", "bien", "ici", "dès", "depuis", "pendant", "après", "avant",
	"vers", "selon", "contre", "rien", "juste", "vraiment", "peut", "faut", "va", "vais", "sera", "était",
)

// ctaVerbs are call-to-action imperatives: English, then French in the "vous" and "tu"
// forms. Single words, so "my new book" counts as one too.
var ctaVerbs = setOf(
	"book", "buy", "call", "check", "click", "comment", "contact", "discover", "donate", "download",
	"explore", "follow", "join", "learn", "listen", "order", "read", "register", "reserve", "save",
	"share", "shop", "sign", "subscribe", "tag", "tap", "try", "visit", "vote", "watch", "apply",
	"achetez", "appelez", "cliquez", "commandez", "commentez", "contactez", "découvrez", "écoutez",
	"essayez", "identifiez", "inscrivez", "abonnez", "lisez", "participez", "partagez", "postulez",
	"profitez", "regardez", "rejoignez", "réservez", "suivez", "téléchargez", "testez", "venez",
	"visitez", "votez", "hésitez",
	"achète", "découvre", "inscris", "abonne", "partage", "réserve", "rejoins", "viens",
	"profite", "regarde", "télécharge", "teste", "commente", "clique",
)

// isStopWord reports whether lower is a function word in English or French.
func isStopWord(lower string) bool { return enStop[lower] || frStop[lower] }
