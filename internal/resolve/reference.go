package resolve

// ClusterCreditsWithReference clusters in exactly as ClusterCredits does,
// then adds ref — a reference list such as a catalogue's cast and crew —
// without letting it regroup what the reviews say: each reference form
// joins the cluster it fits best (attachScore), or, fitting none, starts
// a cluster of reference forms. Reference credits carry their own source
// IDs, which the clusters' sources and the conflicts then include.
//
// Joining afterwards matters because a reference spelling is often fuller
// or plainer than the reviews' (Margit Sand for Margit "Gitta" Sand):
// placed among the reviews' forms it would start a cluster of its own and
// split Gitta off.
func ClusterCreditsWithReference(in, ref []SourcedCredit) Clusters {
	m := newMatcher()
	forms, refForms := collectForms(in), collectForms(ref)
	vocab := formsVocabulary(forms, refForms)
	clusters := clusterForms(m, vocab, forms)
	// attachScore, like joinScore, refuses a cluster the form links to
	// by no name: only those it may link to are scored.
	index := newClusterIndex(vocab)
	for ci, c := range clusters {
		for _, f := range c.forms {
			index.add(ci, f)
		}
	}
	var rest []*roleForm
	for _, f := range refForms {
		best, bestScore := -1, 0.0
		for _, ci := range index.candidates(&f.creditForm) {
			c := clusters[ci]
			if c.role != f.role {
				continue
			}
			if s, ok := attachScore(m, f.creditForm, c.forms); ok && s > bestScore {
				best, bestScore = int(ci), s
			}
		}
		if best < 0 {
			rest = append(rest, f)
			continue
		}
		clusters[best].forms = append(clusters[best].forms, &f.creditForm)
		index.add(best, &f.creditForm)
	}
	return finishClusters(append(clusters, clusterForms(m, vocab, rest)...), vocab)
}

// attachScore is joinScore for a reference form: it must match at least
// one member and contradict none, except that a member's one-word name
// (Gitta, Vanya: a nickname or part of a name) need not match when the
// form matches a member's full name. joinScore asks that of two one-word
// names only; a reference spelling is usually full (Margit Sand) and need
// not repeat the nickname the reviews use.
func attachScore(m *matcher, f creditForm, members []*creditForm) (float64, bool) {
	personAnchored, characterAnchored := false, false
	for _, x := range members {
		if f.person != "" && x.person != "" && x.personName.lone == "" && m.person(f, *x) >= MatchThreshold {
			personAnchored = true
		}
		if f.character != "" && x.character != "" && x.characterName.lone == "" && m.character(f, *x) >= MatchThreshold {
			characterAnchored = true
		}
	}
	total, links := 0.0, 0
	for _, x := range members {
		if f.person != "" && x.person != "" {
			s := m.person(f, *x)
			switch {
			case s >= MatchThreshold:
				total += s
				links++
			case !(personAnchored && x.personName.lone != ""):
				return 0, false
			}
		}
		if f.character != "" && x.character != "" {
			s := m.character(f, *x)
			switch {
			case s >= MatchThreshold:
				total += s
				links++
			case !(characterAnchored && x.characterName.lone != ""):
				return 0, false
			}
		}
	}
	if links == 0 {
		return 0, false
	}
	return total / float64(links), true
}
