package corpus

import (
	"fmt"
	"math/rand/v2"
)

// Word lists for invented film titles, critics and publications. Any
// resemblance of a combination to a real film or person is chance.
var (
	titleAdjectives = []string{
		"Amber", "Ashen", "Bitter", "Black", "Blue", "Borrowed", "Broken", "Burning", "Cold", "Copper",
		"Crimson", "Crooked", "Dark", "Distant", "Drowned", "Dusty", "Electric", "Empty", "Endless", "Faded",
		"Fallen", "Far", "Final", "Forgotten", "Frozen", "Gilded", "Glass", "Golden", "Gray", "Green",
		"Hidden", "Hollow", "Hungry", "Iron", "Last", "Late", "Little", "Lonely", "Long", "Lost",
		"Loud", "Lucky", "Midnight", "Narrow", "Northern", "Paper", "Pale", "Quiet", "Red", "Restless",
		"Rusted", "Salt", "Scarlet", "Secret", "Silent", "Silver", "Sleeping", "Small", "Southern", "Stolen",
		"Strange", "Sudden", "Summer", "Sunken", "Tender", "Thin", "Velvet", "Violet", "Wandering", "Warm",
		"Western", "White", "Wild", "Winter", "Wooden", "Yellow", "Young", "Brave", "Hushed", "Painted",
	}
	titleNouns = []string{
		"Anchor", "Archive", "Avenue", "Bell", "Bird", "Bridge", "Canyon", "Carnival", "Castle", "Cathedral",
		"Circus", "City", "Clock", "Coast", "Comet", "Corridor", "Country", "Crossing", "Crown", "Dance",
		"Daughter", "Desert", "Diary", "Door", "Dream", "Engine", "Exile", "Factory", "Ferry", "Field",
		"Fire", "Flood", "Forest", "Fountain", "Frontier", "Garden", "Ghost", "Harbor", "Harvest", "Highway",
		"Hotel", "Hour", "House", "Hunter", "Island", "Kingdom", "Lake", "Lantern", "Letter", "Lighthouse",
		"Machine", "Map", "Mask", "Meadow", "Mirror", "Monsoon", "Moon", "Mountain", "Museum", "Night",
		"Novel", "Ocean", "Orchard", "Orchestra", "Parade", "Passage", "Pilgrim", "Planet", "Prairie", "Prophet",
		"Quarry", "Railway", "Reunion", "River", "Road", "Room", "Sailor", "Season", "Shadow", "Shore",
		"Signal", "Sister", "Sky", "Smuggler", "Son", "Song", "Station", "Storm", "Stranger", "Street",
		"Summer", "Swimmer", "Tide", "Tower", "Town", "Train", "Valley", "Village", "Voyage", "Widow",
		"Window", "Winter", "Witness", "Wolf", "Year",
	}
	placeNames = []string{
		"Alderbrook", "Ashfold", "Bellmere", "Brackwater", "Calder Rise", "Corvan", "Dunmarsh", "Eastwick Hollow",
		"Fennick", "Glenharrow", "Greyhaven", "Halloran", "Ivel", "Kestrel Bay", "Larkspur", "Lowmoor",
		"Marrow Point", "Mereth", "Northgate", "Oakhurst", "Pellam", "Quillon", "Ravensby", "Saltmarsh",
		"Sennet", "Stonebridge", "Tarrow", "Thornby", "Umberfield", "Valmont", "Wendover", "Westerly",
		"Wickham Vale", "Yarrow", "Zell", "Port Anselm", "San Calero", "Vireo", "Monte Liss", "Havel",
	}
	firstNames = []string{
		"Ada", "Alma", "Amos", "Anika", "Bastian", "Beatrix", "Caleb", "Celia", "Dario", "Delphine",
		"Edda", "Emil", "Esme", "Felix", "Freya", "Gideon", "Greta", "Hallie", "Hugo", "Ilse",
		"Ines", "Jasper", "Joan", "Kasimir", "Lena", "Linus", "Lorna", "Magnus", "Maren", "Milo",
		"Nadia", "Nils", "Odette", "Orin", "Pia", "Quentin", "Rosa", "Rufus", "Saskia", "Silas",
		"Tamsin", "Teodor", "Una", "Viggo", "Wren", "Xavi", "Yara", "Zelda", "Bruno", "Clio",
		"Dov", "Elke", "Farah", "Gus", "Hana", "Ivo", "Jora", "Kai", "Lior", "Mina",
	}
	lastNames = []string{
		"Abernethy", "Achterberg", "Alvarenga", "Bellweather", "Birchall", "Brannagh", "Castellane", "Corrow",
		"Dalgliesh", "Delacorte", "Duvall-Pryce", "Eskildsen", "Farrant", "Fenwick", "Gallardo", "Grimsby",
		"Halvorsen", "Hartigan", "Ibarrola", "Ingersoll", "Jablonski", "Kettering", "Kowalczyk", "Lindqvist",
		"Lockridge", "Marchetti", "Mayhew", "Nakamura-Hill", "Northcott", "Okonkwo", "Ormsby", "Pagliaro",
		"Pemberton", "Quarrie", "Radcliffe", "Rasmussen", "Sandoval", "Sauveterre", "Tallis", "Thackeray",
		"Underhill", "Valdivia", "Vantongeren", "Wetherell", "Whitcombe", "Yamashiro", "Zabriskie", "Zoller",
		"Ashdown", "Brightwater", "Coldfield", "Dunleavy", "Eastman-Rowe", "Fairlie", "Goodenough", "Holloway",
		"Imbert", "Jessup", "Kilbride", "Larrabee", "Merriweather", "Nettleford", "Oddie", "Prowse",
		"Quaintance", "Rookwood", "Stavros", "Tremayne", "Uttley", "Verhoeven-Lund", "Winslade", "Yelland",
	}
	publicationKinds = []string{
		"Courier", "Gazette", "Ledger", "Review", "Sentinel", "Observer", "Herald", "Film Quarterly",
		"Picture Post", "Screen Weekly", "Dispatch", "Chronicle",
	}
)

// film is an invented film.
type film struct {
	Title string
	Year  int
}

// inventFilms returns n films with distinct titles.
func inventFilms(r *rand.Rand, n int) []film {
	films := make([]film, 0, n)
	seen := make(map[string]bool, n)
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	sequels := []string{"II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}
	for attempt := 0; len(films) < n; attempt++ {
		var title string
		switch r.IntN(10) {
		case 0, 1, 2:
			title = "The " + pick(titleAdjectives) + " " + pick(titleNouns)
		case 3:
			title = pick(titleAdjectives) + " " + pick(titleNouns)
		case 4:
			title = "The " + pick(titleNouns) + " of " + pick(placeNames)
		case 5:
			title = pick(titleNouns) + " and " + pick(titleNouns)
		case 6:
			title = pick(firstNames) + "'s " + pick(titleNouns)
		case 7:
			title = "A " + pick(titleNouns) + " in " + pick(placeNames)
		case 8:
			title = "The " + pick(titleAdjectives) + " " + pick(titleNouns) + " of " + pick(placeNames)
		default:
			title = pick(placeNames) + " " + pick(titleNouns)
		}
		if seen[title] {
			// Common combinations run out first; a sequel number keeps
			// the title distinct.
			title += " " + sequels[r.IntN(len(sequels))]
			if seen[title] {
				continue
			}
		}
		seen[title] = true
		// More recent films are more numerous: years skew towards today.
		year := 2025 - int(float64(95)*r.Float64()*r.Float64())
		films = append(films, film{Title: title, Year: year})
	}
	return films
}

// critic is an invented critic and the publication they write for.
type critic struct {
	Name        string
	Publication string
}

// inventCritics returns n critics with distinct names.
func inventCritics(r *rand.Rand, n int) []critic {
	critics := make([]critic, 0, n)
	seen := make(map[string]bool, n)
	for len(critics) < n {
		name := firstNames[r.IntN(len(firstNames))] + " " + lastNames[r.IntN(len(lastNames))]
		if seen[name] {
			name = fmt.Sprintf("%s %c. %s", firstNames[r.IntN(len(firstNames))], 'A'+rune(r.IntN(26)), lastNames[r.IntN(len(lastNames))])
			if seen[name] {
				continue
			}
		}
		seen[name] = true
		pub := "The " + placeNames[r.IntN(len(placeNames))] + " " + publicationKinds[r.IntN(len(publicationKinds))]
		critics = append(critics, critic{Name: name, Publication: pub})
	}
	return critics
}
