package credit

import "strings"

// titleAt reports whether the film's title starts at toks[i].
func (x *extractor) titleAt(i int) bool {
	if i+len(x.title) > len(x.toks) {
		return false
	}
	for k, t := range x.title {
		if !strings.EqualFold(x.toks[i+k].text, t.text) {
			return false
		}
	}
	end := i + len(x.title)
	// "Sofia Lindqvist's Northern Lights Hotel" is not the title.
	return end == len(x.toks) || !isCapitalised(x.toks[end])
}

// roleBeforeName reads "director Sofia Lindqvist", "cinematographer Piet
// Hollander" around the role noun at toks[i].
func (x *extractor) roleBeforeName(i int) {
	toks := x.toks
	t := toks[i]
	role := crewNouns[t.lower()]
	// A capitalised role is a job title only at the start of a clause:
	// "Features Editor Dana Wu" is someone's title, not a film credit.
	if isCapitalised(t) && i > 0 && isCapitalised(toks[i-1]) {
		return
	}
	// "plays mystery writer Cornelia Vance": a character's trade.
	if objectOfPlay(toks, i+1) {
		return
	}
	if i > 0 && isLowerWord(toks[i-1]) {
		if compound, ok := compoundRoles[toks[i-1].text+" "+t.lower()]; ok {
			role = compound
		}
	}
	j := i + 1
	// "director of photography Piet Hollander"
	if role == "director" && j+1 < len(toks) && toks[j].is("of") && toks[j+1].is("photography") {
		role = "cinematographer"
		j += 2
	}
	if role == "" {
		return
	}
	persons, _, ok := personList(toks, j)
	if !ok {
		// "director Sofia Lindqvist's Northern Lights" still names the director.
		if end, ok := personForward(toks, j); ok && toks[end-1].poss {
			persons = [][2]int{{j, end}}
		} else {
			return
		}
	}
	if len(persons) > 1 && !strings.HasSuffix(t.lower(), "s") {
		persons = persons[:1]
	}
	for _, p := range persons {
		for _, r := range strings.Split(role, "+") {
			x.addCrew(x.span(p[0], p[1]), r)
		}
	}
}

// crewNouns are role nouns that precede a name. "writer-director" credits
// both jobs ("+" separates them).
var crewNouns = map[string]string{
	"director": "director", "directors": "director", "co-director": "director",
	"cinematographer": "cinematographer", "dp": "cinematographer",
	"composer": "composer", "editor": "editor", "screenwriter": "writer",
	"screenwriters": "writer", "writer": "writer", "writers": "writer", "co-writer": "writer",
	"producer": "producer", "producers": "producer", "writer-director": "writer+director",
	"writer/director": "writer+director", "director-writer": "director+writer",
}

// compoundRoles are role nouns with a qualifier that changes the job.
var compoundRoles = map[string]string{
	"art director": "art director", "casting director": "casting director",
	"assistant director": "assistant director", "music director": "composer",
	"musical director": "composer", "executive producer": "executive producer",
	"film editor": "editor", "production designer": "production designer",
	"creative director": "", "artistic director": "", "managing editor": "",
	"section editor": "", "news editor": "", "magazine editor": "", "copy editor": "",
	"features editor": "", "film director": "director", "stage director": "",
	"theatre director": "", "theater director": "", "song writer": "", "staff writer": "",
	"ghost writer": "", "contributing writer": "", "contributing editor": "",
}

// possessiveCrewNouns are what a possessive name can own as a crew member:
// "Piet Hollander's cinematography".
var possessiveCrewNouns = map[string]string{
	"cinematography": "cinematographer", "camerawork": "cinematographer",
	"photography": "cinematographer", "lensing": "cinematographer",
	"score": "composer", "music": "composer", "screenplay": "writer", "script": "writer",
	"editing": "editor", "direction": "director",
}

// byCredit reads "directed by Sofia Lindqvist", "written and directed by …",
// "score by …", and the cast's "Lena, played by Marta Vogel".
func (x *extractor) byCredit(i int) {
	toks := x.toks
	if i == 0 || i+1 >= len(toks) {
		return
	}
	k := i - 1
	for k >= 1 && isAdverb(toks[k].text) {
		k--
	}
	if castByVerbs[toks[k].lower()] || playedWithManner(toks, i) >= 0 {
		x.playedBy(i)
		return
	}
	var roles []string
	for k := i - 1; k >= 0; k-- {
		r, ok := byRoles[toks[k].lower()]
		if !ok || (!isLowerWord(toks[k]) && k > 0) {
			break
		}
		roles = append(roles, r)
		if k >= 1 && (toks[k-1].is("and") || toks[k-1].text == ",") {
			k--
			continue
		}
		break
	}
	if len(roles) == 0 {
		return
	}
	j := i + 1
	// "script by director Sofia Lindqvist and Omar Haddad"
	if j < len(toks) && isLowerWord(toks[j]) {
		if _, ok := crewNouns[toks[j].lower()]; ok {
			j++
		}
	}
	persons, _, ok := personList(toks, j)
	if !ok {
		if end, ok := personForward(toks, j); ok {
			persons = [][2]int{{j, end}}
		} else {
			return
		}
	}
	for _, p := range persons {
		for _, r := range roles {
			x.addCrew(x.span(p[0], p[1]), r)
		}
	}
}

// possessiveCrew reads "Piet Hollander's 35mm cinematography" and, when
// the film's title is known, "Sofia Lindqvist's Northern Lights", after the possessive name
// ending at toks[i].
func (x *extractor) possessiveCrew(person string, i int) bool {
	toks := x.toks
	// A crew noun after up to three modifiers: "35mm", "moody and lush".
	for k := i + 1; k < len(toks) && k <= i+4; k++ {
		t := toks[k]
		if role, ok := possessiveCrewNouns[t.lower()]; ok && isLowerWord(t) {
			x.addCrew(person, role)
			return true
		}
		if t.kind != kindWord || isCapitalised(t) || t.poss {
			break
		}
	}
	if len(x.title) > 0 && x.titleAt(i+1) {
		x.addCrew(person, "director")
		return true
	}
	return false
}

// byRoles are the words before "by" that name a crew job: "directed by",
// "score by".
var byRoles = map[string]string{
	"directed": "director", "co-directed": "director", "helmed": "director",
	"written": "writer", "co-written": "writer", "scripted": "writer", "penned": "writer",
	"screenplay": "writer", "script": "writer", "adapted": "writer",
	"scored": "composer", "score": "composer", "music": "composer", "composed": "composer",
	"edited": "editor", "editing": "editor",
	"shot": "cinematographer", "photographed": "cinematographer", "lensed": "cinematographer",
	"cinematography": "cinematographer", "photography": "cinematographer",
	"produced": "producer", "co-produced": "producer",
}
