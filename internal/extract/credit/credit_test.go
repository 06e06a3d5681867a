package credit

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/marquee-film/marquee/internal/review"
)

func actor(person, character string) review.Credit {
	return review.Credit{Person: person, Character: character, Role: "actor"}
}

func crew(person, role string) review.Credit {
	return review.Credit{Person: person, Role: role}
}

// The reviews below are invented; the names belong to no real film.
func TestExtract(t *testing.T) {
	tests := []struct {
		name  string
		text  []string
		title string
		want  []review.Credit
	}{
		// Cast, character first.
		{"parenthesis", []string{"Lena (Marta Vogel) runs a bakery in a small town."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"parenthesis after description", []string{"The widowed baker Lena (Marta Vogel) runs the town's only shop."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"curly nickname", []string{"Josephine “Jo” Harlan (Ruth Okafor) comes home."}, "", []review.Credit{actor("Ruth Okafor", `Josephine "Jo" Harlan`)}},
		{"straight nickname", []string{`Then Robert "Bobby" Kane (Luis Ortega) arrives.`}, "", []review.Credit{actor("Luis Ortega", `Robert "Bobby" Kane`)}},
		{"two parentheses", []string{"Her brothers, Emil (Jon Ashby) and Karl (Sven Dahl), arrive at dawn."}, "", []review.Credit{actor("Jon Ashby", "Emil"), actor("Sven Dahl", "Karl")}},
		{"paired lists", []string{"Rick and Ilse (Humbert Bogdan and Ingrid Berg) meet again."}, "", []review.Credit{actor("Humbert Bogdan", "Rick"), actor("Ingrid Berg", "Ilse")}},
		{"honorific and initials", []string{"Dr. Hale (J. K. Simmonds) operates at night."}, "", []review.Credit{actor("J. K. Simmonds", "Dr. Hale")}},
		{"particles", []string{"Inès (Marie de la Tour) smiles at the camera."}, "", []review.Credit{actor("Marie de la Tour", "Inès")}},
		{"suffix", []string{"The Night Walker (Cal Brody Jr.) prowls the docks."}, "", []review.Credit{actor("Cal Brody Jr.", "Night Walker")}},
		{"apostrophe and hyphen", []string{"Siobhan (Aoife O’Malley-Byrne) sings at the wake."}, "", []review.Credit{actor("Aoife O'Malley-Byrne", "Siobhan")}},
		{"cyrillic", []string{"Masha (Дарья Волкова) dances alone."}, "", []review.Credit{actor("Дарья Волкова", "Masha")}},
		{"played by in parenthesis", []string{"Lena (played by Marta Vogel) runs a bakery."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"is played by", []string{"Lena is played by Marta Vogel."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"comma played by", []string{"We meet Lena, played by Marta Vogel, at the market."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"appositive played by", []string{"We meet Lena, a weary baker played by Marta Vogel, at the market."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"played by opening", []string{"Played by Marta Vogel, Lena is the film's heart."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},

		// Cast, person first.
		{"as", []string{"Marta Vogel as Lena is superb."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"stars as", []string{"Marta Vogel stars as Lena, a baker with a secret."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"is terrific as described", []string{"Marta Vogel is terrific as the weary baker Lena."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"also shines as", []string{"Sven Dahl also shines as Karl."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"performance as", []string{"Marta Vogel's quiet performance as Lena anchors everything."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"plays", []string{"Marta Vogel plays Lena, a baker with a secret."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"plays the role of", []string{"Marta Vogel plays the role of Lena."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"who brings to life", []string{"Marta Vogel, who brings Lena to life, is superb."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"as opening", []string{"As Lena, Marta Vogel is superb."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"as opening lists", []string{"As Emil and Karl, Jon Ashby and Sven Dahl convince."}, "", []review.Credit{actor("Jon Ashby", "Emil"), actor("Sven Dahl", "Karl")}},
		{"reversed with as", []string{"The cast includes Marta Vogel (as Lena)."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"reversed confirmed elsewhere", []string{"Lena (Marta Vogel) runs a bakery.", "Later Marta Vogel (Lena) sings."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"possessive that acts", []string{"Marta Vogel's Lena is a marvel."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"possessive list", []string{"The ensemble shines: Jon Ashby's Emil, Sven Dahl's Karl, and Ruth Okafor's Jo."}, "", []review.Credit{actor("Jon Ashby", "Emil"), actor("Sven Dahl", "Karl"), actor("Ruth Okafor", "Jo")}},
		{"surname after full name", []string{"Marta Vogel leads the cast.", "Vogel plays Lena, a baker."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"fullest character kept", []string{"Josephine “Jo” Harlan (Ruth Okafor) comes home.", "Ruth Okafor as Jo is terrific."}, "", []review.Credit{actor("Ruth Okafor", `Josephine "Jo" Harlan`)}},

		{"paired play", []string{"Jon Ashby and Sven Dahl play Emil and Karl, two brothers."}, "", []review.Credit{actor("Jon Ashby", "Emil"), actor("Sven Dahl", "Karl")}},
		{"as opening with description", []string{"As the titular Lena, Marta Vogel is superb."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"regnal number", []string{"Queen Margaret II (Ruth Okafor) rules the north."}, "", []review.Credit{actor("Ruth Okafor", "Queen Margaret II")}},
		{"dash parenthetical", []string{"Ruth Okafor--yes, the singer--plays Jo with relish."}, "", []review.Credit{actor("Ruth Okafor", "Jo")}},
		{"comma parenthetical", []string{"Sven Dahl, however, shines as Karl."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"person is character", []string{"Marta Vogel is Lena, a baker with a secret."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"his performance as", []string{"Sven Dahl brings menace to his performance as Karl."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"take on", []string{"I enjoyed Sven Dahl's sly take on Karl."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"character noun", []string{"Ruth Okafor's character Jo steals the film."}, "", []review.Credit{actor("Ruth Okafor", "Jo")}},
		{"who's great as", []string{"Then there is Sven Dahl, who's great as the baddie, Karl."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},

		// Cast across sentences and in less common forms.
		{"pronoun plays", []string{"Marta Vogel leads the cast.", "She plays Lena, a baker."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"pronoun after opener", []string{"Sven Dahl is back.", "Here, he plays Karl."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"pronoun possessive", []string{"Sven Dahl rarely disappoints.", "His Karl is a brute."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"as opening pronoun", []string{"Jon Ashby returns.", "As Emil, he is superb."}, "", []review.Credit{actor("Jon Ashby", "Emil")}},
		{"pronoun surname antecedent", []string{"Marta Vogel leads the cast.", "Vogel is in fine form.", "She plays Lena."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"his performance opening", []string{"Sven Dahl rarely disappoints.", "His performance as Karl is a marvel."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"his role mid-sentence", []string{"The film reunites us with Sven Dahl who's reprising his role as Karl."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"whose", []string{"The film belongs to Sven Dahl, whose Karl is a brute."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"quoted name", []string{`Sven Dahl shines as the sadistic smuggler "Karl."`}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"single-quoted name", []string{"Sven Dahl plays the smuggler 'Karl' with relish."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"as the lead", []string{"Ruth Okafor is great as the lead, Jo Harlan, a lawyer."}, "", []review.Credit{actor("Ruth Okafor", "Jo Harlan")}},
		{"form of address and surname", []string{"Lena calls in Dr. Major, played by Jon Ashby."}, "", []review.Credit{actor("Jon Ashby", "Dr. Major")}},
		{"trade before a character", []string{"Narrating it is hack screenwriter Karl Brandt, played so perfectly by Sven Dahl."}, "", []review.Credit{actor("Sven Dahl", "Karl Brandt")}},
		{"adverb before played by", []string{"We meet Emil, now played by Jon Ashby."}, "", []review.Credit{actor("Jon Ashby", "Emil")}},
		{"copula appositive", []string{"Emil is a shy sailor played by Jon Ashby."}, "", []review.Credit{actor("Jon Ashby", "Emil")}},
		{"surname word", []string{"Anna York is fine as Lena."}, "", []review.Credit{actor("Anna York", "Lena")}},
		{"past verb", []string{"Ruth Okafor surprised me as Jo."}, "", []review.Credit{actor("Ruth Okafor", "Jo")}},
		{"bracketed aside", []string{"Ruth Okafor (of music video fame) plays Jo."}, "", []review.Credit{actor("Ruth Okafor", "Jo")}},
		{"prepositional aside", []string{"Jon Ashby, in his film debut, plays Emil."}, "", []review.Credit{actor("Jon Ashby", "Emil")}},
		{"adjectives joined", []string{"Sven Dahl is perfect as the suave but icy agent Karl."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"dotted initials", []string{"Sven Dahl as J.W. Brandt is fun."}, "", []review.Credit{actor("Sven Dahl", "J.W. Brandt")}},
		{"cameo as", []string{"Ruth Okafor's brief cameo as Jo delights."}, "", []review.Credit{actor("Ruth Okafor", "Jo")}},
		{"given name as character", []string{"Karl Brandt returns as Karl."}, "", []review.Credit{actor("Karl Brandt", "Karl")}},
		{"opening verb is no given name", []string{"The film belongs to Marta Vogel.", "Vogel plays Lena.", "Witness Vogel's big scene."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},

		// The title role: the character the film's title names.
		{"in the title role", []string{"Sven Dahl is great in the title role."}, "Karl Brandt", []review.Credit{actor("Sven Dahl", "Karl Brandt")}},
		{"as the titular hero, sequel title", []string{"Jon Ashby is back as the titular hero."}, "Emil II: The Frozen Sea", []review.Credit{actor("Jon Ashby", "Emil")}},
		{"in the titular role, surname", []string{"Marta Vogel heads the cast.", "Vogel shines in the titular role."}, "Lena", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"title role, form of address", []string{"Sven Dahl plays the titular doctor with relish."}, "The Amazing Dr. Brandt", []review.Credit{actor("Sven Dahl", "Dr. Brandt")}},
		{"title role of a name given", []string{"Sven Dahl is cast in the title role of Karl."}, "Karl Brandt", nil},
		{"title that describes", []string{"Jon Ashby is great in the title role."}, "The Harbour Pilot", nil},
		{"titular noun of the title", []string{"Ruth Okafor plays the titular bride with restraint."}, "Mail Order Bride", nil},
		{"titular plural", []string{"Jon Ashby and Sven Dahl are fine as the titular brothers."}, "Brandt Brothers", nil},
		{"title with lower-case words", []string{"Jon Ashby is great in the title role."}, "Emil in Your Pocket", nil},
		{"title role, no title known", []string{"Jon Ashby is great in the title role."}, "", nil},

		// A possessive, a description and the name set off.
		{"possessive description appositive", []string{"The plot thickens with Sven Dahl's prissy undertaker, Mr. Brandt."}, "", []review.Credit{actor("Sven Dahl", "Mr. Brandt")}},
		{"possessive relation", []string{"Later Karl Brandt's son, Emil, arrives."}, "", nil},

		// "makes a …", "is a …" with an adjective.
		{"makes a", []string{"Sven Dahl makes a commanding Karl, despite the script."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"is a", []string{"Jon Ashby is a convincing Emil."}, "", []review.Credit{actor("Jon Ashby", "Emil")}},
		{"makes a described noun", []string{"Jon Ashby makes a great Harbour villain."}, "", nil},
		{"is a fan", []string{"Jon Ashby is a big Lindqvist fan."}, "", nil},
		{"makes a without adjective", []string{"Sofia Lindqvist makes a Harbour sequel."}, "", nil},

		// Participles, openings, relative clauses.
		{"participle after a clause", []string{"Sven Dahl returns to the harbour, this time playing Karl."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"participle, two subjects", []string{"Sven Dahl meets Jon Ashby, this time playing Karl."}, "", nil},
		{"in voicing", []string{"In voicing Lena, Marta Vogel finds a new register."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"who plays without comma", []string{"The heart of it is Sven Dahl who plays Karl, a smuggler."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"who, as", []string{"Then there is Sven Dahl who, as the grinning Karl, steals the film."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"closing as phrase", []string{"Sven Dahl is spot-on from the first scene, as the suave Uncle Karl."}, "", []review.Credit{actor("Sven Dahl", "Uncle Karl")}},
		{"closing as clause", []string{"Sven Dahl leaves the room, as Karl arrives."}, "", nil},
		{"contracted is", []string{"Ruth Okafor's great as Jo."}, "", []review.Credit{actor("Ruth Okafor", "Jo")}},
		{"his role, two names", []string{"A follow-up to Harbour Town Blues has Sven Dahl reprising his role as Karl."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},

		// Long predicates between the actor and "as".
		{"long predicate", []string{"Sven Dahl flips between charm and menace with unsettling ease as Karl."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"long predicate, billing", []string{"Top-billed Sven Dahl turns up for the last ten minutes as the older Karl."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"long comparison", []string{"Ruth Okafor is hardly in the same league as Marta Vogel."}, "", nil},
		{"long predicate, clause", []string{"Sofia Lindqvist builds tension with every single cut as Karl searches the house."}, "", nil},
		{"long predicate, not the subject", []string{"The film gives Sven Dahl a great deal of screen time in the second half as Karl."}, "", nil},

		// Performance nouns with adjectives.
		{"listed adjectives", []string{"Sven Dahl's terrifying, tour-de-force as Karl is the draw."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"delivery as", []string{"It all rests on Ruth Okafor's delivery as Jo."}, "", []review.Credit{actor("Ruth Okafor", "Jo")}},

		// More "played by".
		{"still played by", []string{"Emil (still played by Jon Ashby) comes home."}, "", []review.Credit{actor("Jon Ashby", "Emil")}},
		{"quoted, played by", []string{`He recruits "The Fixer," played by a young Jon Ashby.`}, "", []review.Credit{actor("Jon Ashby", "Fixer")}},
		{"quoted appositive, played by", []string{`Enter the sly "Maestro", a fading bandleader played by Sven Dahl.`}, "", []review.Credit{actor("Sven Dahl", "Maestro")}},
		{"called and played by", []string{"The boy, called Emil and played by Jon Ashby, steals the show."}, "", []review.Credit{actor("Jon Ashby", "Emil")}},
		{"played with a manner", []string{"Emil, an old sailor played with weary charm by Jon Ashby, helps them."}, "", []review.Credit{actor("Jon Ashby", "Emil")}},
		{"name after by, not a credit", []string{"He is nearly run over by Lena, played by Marta Vogel."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},
		{"appositive after a lower-case item", []string{"We meet the old man's go-between, Karl, a clerk played by Sven Dahl."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"complement of a noun", []string{"There is also the obligatory love interest for Emil, played by Ruth Okafor."}, "", nil},
		{"quoted name in parenthesis", []string{"One sailor, known to all as “Dima” (Jon Ashby), survives."}, "", []review.Credit{actor("Jon Ashby", "Dima")}},

		// Descriptions before the name.
		{"capitalised adjective in description", []string{"Sven Dahl plays a skirt-chasing Parisian dandy named Karl Brandt."}, "", []review.Credit{actor("Sven Dahl", "Karl Brandt")}},
		{"superlative in description", []string{"Sven Dahl plays the most important new character, Karl, a smuggler."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},
		{"long aside in description", []string{"Sven Dahl steals his scenes as the despicable, yet often hilarious, Karl."}, "", []review.Credit{actor("Sven Dahl", "Karl")}},

		// Names.
		{"studio word as given name", []string{"Warner Hale carries the film as Karl."}, "", []review.Credit{actor("Warner Hale", "Karl")}},
		{"surname with suffix as antecedent", []string{"The film belongs to Cal Brody Jr.", "Brody Jr. makes the movie.", "As Emil, he is superb."}, "", []review.Credit{actor("Cal Brody Jr.", "Emil")}},
		{"family name first", []string{"Chen Wai-Lun arrives at the bank.", "Chen plays Leng Tian-Ho, a constable."}, "", []review.Credit{actor("Chen Wai-Lun", "Leng Tian-Ho")}},
		{"as joining a clause before a credit", []string{"The film works because of Marta Vogel.", "It holds, as Vogel steals every scene as Lena."}, "", []review.Credit{actor("Marta Vogel", "Lena")}},

		// Crew.
		{"possessive cinematography", []string{"Piet Hollander’s 35mm cinematography glows."}, "", []review.Credit{crew("Piet Hollander", "cinematographer")}},
		{"directed by", []string{"The film was directed by Sofia Lindqvist."}, "", []review.Credit{crew("Sofia Lindqvist", "director")}},
		{"written and directed by", []string{"Written and directed by Sofia Lindqvist, it never lets up."}, "", []review.Credit{crew("Sofia Lindqvist", "director"), crew("Sofia Lindqvist", "writer")}},
		{"score by", []string{"The score by Omar Haddad soars."}, "", []review.Credit{crew("Omar Haddad", "composer")}},
		{"music by", []string{"It has music by Omar Haddad and little else."}, "", []review.Credit{crew("Omar Haddad", "composer")}},
		{"edited by", []string{"It was edited by Ines Moreau."}, "", []review.Credit{crew("Ines Moreau", "editor")}},
		{"cinematographer noun", []string{"The cinematographer Piet Hollander shoots it in grey."}, "", []review.Credit{crew("Piet Hollander", "cinematographer")}},
		{"director noun", []string{"Director Sofia Lindqvist keeps things moving."}, "", []review.Credit{crew("Sofia Lindqvist", "director")}},
		{"writer-director", []string{"The writer-director Sofia Lindqvist knows this town."}, "", []review.Credit{crew("Sofia Lindqvist", "writer"), crew("Sofia Lindqvist", "director")}},
		{"script by two", []string{"The script by director Sofia Lindqvist and Omar Haddad is sharp."}, "", []review.Credit{crew("Sofia Lindqvist", "writer"), crew("Omar Haddad", "writer"), crew("Sofia Lindqvist", "director")}},
		{"person's title", []string{"Sofia Lindqvist’s Northern Lights is a triumph."}, "Northern Lights", []review.Credit{crew("Sofia Lindqvist", "director")}},

		// Not credits.
		{"year", []string{"Northern Lights (2024) is a film."}, "Northern Lights", nil},
		{"runtime", []string{"It runs long (141 minutes) but flies."}, "", nil},
		{"aside", []string{"The audience (and possibly Lena too) suspects the truth."}, "", nil},
		{"long aside", []string{"Her style (over her whole career, it seems) persists."}, "", nil},
		{"title in parenthesis", []string{"It recalls a fairy tale (Pretty Woman) in places."}, "", nil},
		{"country", []string{"It opens in the UK (UK) in May."}, "", nil},
		{"as it turns out", []string{"Ivan, as it turns out, is rich."}, "", nil},
		{"as always", []string{"Money, as always, matters."}, "", nil},
		{"as well as", []string{"Jon Ashby as well as Sven Dahl appear."}, "", nil},
		{"as much like", []string{"It feels as much like a dream as a nightmare."}, "", nil},
		{"as complex", []string{"The plot is as complex as the characters."}, "", nil},
		{"as funny as", []string{"The brawl is as funny as it is tense."}, "", nil},
		{"surname then name", []string{"Or is Lindqvist Igor, the henchman with a heart?"}, "", nil},
		{"lower-case description", []string{"In the city, a scientist (Otto Brandt) builds a machine."}, "", nil},
		{"indefinite article", []string{"She meets a Marine (Jon Ashby) on leave."}, "", nil},
		{"description only", []string{"A retired Russian Colonel (Jon Ashby) asks for help."}, "", nil},
		{"place", []string{"The only doctor in Oslo (Ruth Okafor) runs the clinic."}, "", nil},
		{"imitation", []string{"He channels Jon Ashby as a villain."}, "", nil},
		{"two actors two roles", []string{"Jon Ashby and Sven Dahl play the titular Bonnie and Clyde."}, "", nil},
		{"single name directed by", []string{"The film was directed by Sofia."}, "", nil},
		{"job title", []string{"Features Editor Dana Wu reviews the film."}, "", nil},
		{"director's other film", []string{"Sofia Lindqvist’s Northern Lights is a triumph.", "Sofia Lindqvist’s Harbour was shot on a phone."}, "Northern Lights", []review.Credit{crew("Sofia Lindqvist", "director")}},
		{"title read as a film", []string{"In Harbour, Sofia Lindqvist goes to sea.", "Sofia Lindqvist's Harbour marks a return to form."}, "", nil},
		{"possessive noun phrase", []string{"Marta Vogel's Brooklyn accent is great."}, "", nil},
		{"capitalised adjective", []string{"Jon Ashby plays the Chicago cop."}, "", nil},
		{"actor's role", []string{"Jon Ashby plays the Sven Dahl role this time."}, "", nil},
		{"object of played by", []string{"It follows a captain, played by Jon Ashby, his mate, played by Sven Dahl, and a cook."}, "", nil},
		{"sentence-opening verb", []string{"Accompanying Ethan is Marta Vogel."}, "", nil},
		{"new clause after description", []string{"Marta Vogel is solid as the baker, and Jon Ashby is fine."}, "", nil},
		{"pronoun, two antecedents", []string{"Marta Vogel and Ruth Okafor arrive.", "She plays Lena."}, "", nil},
		{"pronoun, crew antecedent", []string{"Director Sofia Lindqvist shows up.", "She plays Lena."}, "", []review.Credit{crew("Sofia Lindqvist", "director")}},
		{"imagined casting", []string{"Imagine Jon Ashby playing Emil."}, "", nil},
		{"another film's cast", []string{"He later made Harbour starring Jon Ashby as Emil and Sven Dahl as Karl."}, "Northern Lights", nil},
		{"absent as", []string{"Jon Ashby is absent as Emil."}, "", nil},
		{"credited as", []string{"The script by Sofia Lindqvist, credited as Jo Harlan, is fine."}, "", []review.Credit{crew("Sofia Lindqvist", "writer")}},
		{"as joins a clause", []string{"Sofia Lindqvist builds tension as Karl searches the house."}, "", nil},
		{"both surnames reunited", []string{"Sven Dahl and Jon Ashby are back.", "Dahl and Ashby reunited as Cold War enemies."}, "", nil},
		{"capitalised phrase as adjective", []string{"Jon Ashby shines as Lena's World War I comrade."}, "", nil},
		{"absent cast", []string{"The lack of the usual cast, especially Jon Ashby as Emil and Ruth Okafor as Jo, hurts."}, "", nil},
		{"a work in possessive", []string{"It pales next to Sofia Lindqvist's take on Brandt's The Harbour and the Sea."}, "", nil},
		{"title with and the", []string{"Jon Ashby plays Emil and the Sea for laughs."}, "", nil},
		{"author's character", []string{"Sven Dahl plays Karl Brandt, a banker.", "Sofia Lindqvist's Karl Brandt is a master of the universe."}, "", []review.Credit{actor("Sven Dahl", "Karl Brandt")}},
		{"empty", nil, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(tt.text, tt.title)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Extract(%q)\n got %+v\nwant %+v", tt.text, got, tt.want)
			}
		})
	}
}

func TestExtractDescriptiveCharacters(t *testing.T) {
	text := []string{"In the city, a scientist (Otto Brandt) builds a machine."}
	got := ExtractWith(text, "", Options{DescriptiveCharacters: true})
	want := []review.Credit{actor("Otto Brandt", "a scientist")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// sharedDir finds ../shared next to the module root, or skips (fails
// under CI=true) when it is absent.
func sharedDir(t testing.TB, sub string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's directory")
		}
		dir = parent
	}
	path := filepath.Join(filepath.Dir(dir), "shared", sub)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared data missing: %v", err)
		}
		t.Skipf("shared data missing: %v", err)
	}
	return path
}

func readSeed(t *testing.T, prefix string) []string {
	t.Helper()
	dir := sharedDir(t, "seeds")
	matches, err := filepath.Glob(filepath.Join(dir, prefix+"_*.txt"))
	if err != nil || len(matches) != 1 {
		t.Fatalf("seed %s: want one file, got %v (%v)", prefix, matches, err)
	}
	b, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	return SplitSentences(string(b))
}

func creditStrings(credits []review.Credit, role func(string) bool) []string {
	var out []string
	for _, c := range credits {
		if role(c.Role) {
			out = append(out, c.Role+": "+c.Character+" = "+c.Person)
		}
	}
	sort.Strings(out)
	return out
}

func isActor(r string) bool { return r == "actor" }

// The three seeds are scraped reviews of the same film; what they state
// about its cast and crew is the acceptance test of this package.
func TestExtractSeeds(t *testing.T) {
	tests := []struct {
		seed      string
		wantCast  []string
		wantCrew  []review.Credit // must be among the crew credits
		crewExact bool
	}{
		{"000", []string{
			"actor: Ani = Mikey Madison",
			"actor: Ivan = Mark Eidelstein",
			"actor: Toros = Karren Karagulian",
		}, nil, false},
		{"001", []string{
			"actor: Ani = Mikey Madison",
			"actor: Vanya = Mark Eydelshteyn",
		}, []review.Credit{crew("Sean Baker", "director")}, true},
		{"002", []string{
			`actor: Anora "Ani" Mikheeva = Mikey Madison`,
			"actor: Galina = Darya Ekamasova",
			"actor: Garnik = Vache Tovmasyan",
			"actor: Igor = Yura Borisov",
			`actor: Ivan "Vanya" Zakharov = Mark Eydelshteyn`,
			"actor: Toros = Karren Karagulian",
		}, []review.Credit{crew("Drew Daniels", "cinematographer"), crew("Sean Baker", "director")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.seed, func(t *testing.T) {
			sentences := readSeed(t, tt.seed)
			got := Extract(sentences, "Anora")
			if cast := creditStrings(got, isActor); !reflect.DeepEqual(cast, tt.wantCast) {
				t.Errorf("cast\n got %q\nwant %q", cast, tt.wantCast)
			}
			// Without the title the cast must not change.
			if cast := creditStrings(Extract(sentences, ""), isActor); !reflect.DeepEqual(cast, tt.wantCast) {
				t.Errorf("cast without title\n got %q\nwant %q", cast, tt.wantCast)
			}
			crewGot := creditStrings(got, func(r string) bool { return r != "actor" })
			want := creditStrings(tt.wantCrew, func(string) bool { return true })
			for _, w := range want {
				if !contains(crewGot, w) {
					t.Errorf("crew %q missing from %q", w, crewGot)
				}
			}
			if tt.crewExact && !reflect.DeepEqual(crewGot, want) {
				t.Errorf("crew\n got %q\nwant %q", crewGot, want)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

func FuzzExtract(f *testing.F) {
	f.Add("Lena (Marta Vogel) runs a bakery. Marta Vogel as Lena is superb.", "Northern Lights")
	f.Add("Josephine “Jo” Harlan (Ruth Okafor) comes home.\nRuth Okafor’s Jo is terrific.", "")
	f.Add("Written and directed by Sofia Lindqvist. Piet Hollander’s 35mm cinematography glows.", "Harbour")
	f.Add("As Emil and Karl, Jon Ashby and Sven Dahl convince. (as ) ( ( as as the", "as")
	f.Add("Marta Vogel (as Lena) and (played by) by played 's ’s “ ” \" the", "the")
	f.Add("\xff\xfe(Jon \xc3Ashby) as \x00Lena", "\xff")
	f.Add("Marta Vogel leads.\nShe plays Lena. His Karl is. As Emil, he is. Sven Dahl, whose Karl is mean, as the 'Karl.' J.W. Brandt M.D.", "")
	f.Add("He plays\nHis\nAs X, she\nEmil is a played by , now played so by", "He")
	f.Add("(played by Jon Ashby) and played by. Sven Dahl is great in the title role, as the titular hero; “Dima” (A B) makes a fine Karl. Emil, played with charm by, Karl's son, X.", "The Amazing Dr. Brandt II: X")
	f.Add("Chen Wai-Lun arrives. Chen plays him with. Downey Jr. makes it. The lack of A B as C, this time playing D.", "The")
	f.Fuzz(func(t *testing.T, text, title string) {
		for _, sentences := range [][]string{SplitSentences(text), strings.Split(text, "\n"), {text}} {
			for _, c := range Extract(sentences, title) {
				if strings.TrimSpace(c.Person) == "" || c.Role == "" {
					t.Fatalf("empty person or role: %+v", c)
				}
				if c.Role == "actor" && c.Character == "" {
					t.Fatalf("actor without character: %+v", c)
				}
				if !utf8.ValidString(c.Person) || !utf8.ValidString(c.Character) || !utf8.ValidString(c.Role) {
					t.Fatalf("invalid UTF-8: %+q", c)
				}
			}
		}
	})
}

// benchmarkReview is an invented review of about 7 KB with the usual mix
// of credits and prose.
func benchmarkReview() []string {
	paragraphs := []string{
		"Northern Lights is Sofia Lindqvist's third feature, and it opens on a frozen harbour where Lena (Marta Vogel), a widowed baker, watches the boats come in. Her brothers, Emil (Jon Ashby) and Karl (Sven Dahl), have debts that the town's loan shark, Josephine “Jo” Harlan (Ruth Okafor), intends to collect before spring.",
		"Marta Vogel plays Lena with a stillness that never turns cold, and Sven Dahl is terrific as Karl, the brother who talks too much. Jon Ashby, who brings Emil to life with a nervous grin, is the weak link, but only because the script gives him so little to do.",
		"Piet Hollander's 35mm cinematography finds colour in the grey, and the score by Omar Haddad (all low strings and a single bell) does the rest. The film was edited by Ines Moreau, who keeps the two hours moving even when the plot, as it turns out, has nowhere new to go.",
		"As always, the trouble is the third act. Ruth Okafor's Jo becomes a cartoon, and the film (141 minutes, and it feels every one of them) mistakes noise for tension. Still, there is a scene at the fish market that is as funny as it is frightening, and it belongs entirely to Marta Vogel.",
		"Director Sofia Lindqvist has said in interviews that she wanted the town to feel like a character, and it does: the church, the shuttered cinema, the bar where Emil drinks away the rent. It is a place the audience (and possibly Lena too) suspects she will never leave.",
	}
	var sentences []string
	for len(strings.Join(sentences, " ")) < 7000 {
		for _, p := range paragraphs {
			sentences = append(sentences, SplitSentences(p)...)
		}
	}
	return sentences
}

func BenchmarkExtract(b *testing.B) {
	sentences := benchmarkReview()
	size := 0
	for _, s := range sentences {
		size += len(s)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		Extract(sentences, "Northern Lights")
	}
}
