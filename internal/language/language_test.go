package language

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Invented paragraphs; none is taken from a real review.
const (
	englishReview = "The director keeps the camera close to her lead for two hours, and the gamble pays off: " +
		"every small hesitation in the performance becomes an event. The second act drags, but the final scene " +
		"is among the most moving I have seen this year."
	spanishReview = "La directora mantiene la cámara muy cerca de su protagonista durante dos horas, y la apuesta " +
		"sale bien: cada pequeña duda de la actriz se convierte en un acontecimiento. El segundo acto se alarga, " +
		"pero la escena final es de las más conmovedoras que he visto este año."
	portugueseReview = "A realizadora mantém a câmara muito perto da sua protagonista durante duas horas, e a aposta " +
		"compensa: cada pequena hesitação da atriz torna-se um acontecimento. O segundo ato arrasta-se, mas a cena " +
		"final é das mais comoventes que vi este ano, não tenho dúvidas."
	frenchReview = "La réalisatrice garde la caméra tout près de son héroïne pendant deux heures, et le pari est " +
		"réussi : chaque petite hésitation de l'actrice devient un événement. Le deuxième acte traîne, mais la " +
		"scène finale est l'une des plus émouvantes que j'ai vues cette année."
	russianReview = "Режиссёр держит камеру рядом с героиней два часа, и ставка оправдывается: каждое её колебание " +
		"становится событием. Второй акт затянут, но финальная сцена одна из самых трогательных в этом году."
	germanReview = "Die Regisseurin hält die Kamera zwei Stunden lang ganz nah an ihrer Hauptfigur, und das Wagnis " +
		"zahlt sich aus: Jedes kleine Zögern der Schauspielerin wird zum Ereignis. Der zweite Akt zieht sich, " +
		"aber die Schlussszene gehört zu den bewegendsten, die ich dieses Jahr gesehen habe."
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string
	}{
		{"english", englishReview, "en"},
		{"spanish", spanishReview, "es"},
		{"portuguese", portugueseReview, "pt"},
		{"french", frenchReview, "fr"},
		{"german", germanReview, "de"},
		{"russian", russianReview, "ru"},
		{"empty", "", ""},
		{"digits and symbols only", "12345 !!! *** 3.5/4 ★★★★", ""},
		{"invalid utf-8", "\xff\xfe\xfd", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, confidence := Detect(tt.text)
			if got != tt.want {
				t.Errorf("Detect() = %q (confidence %.2f), want %q", got, confidence, tt.want)
			}
			if confidence < 0 || confidence > 1 {
				t.Errorf("confidence %v outside [0,1]", confidence)
			}
			if tt.want != "" && confidence < minimumConfidence {
				t.Errorf("confidence %v below the reporting threshold", confidence)
			}
		})
	}
}

// TestLinguaAndVoteAgree checks both deciders on the same paragraphs, so
// that neither path can rot unnoticed behind the other.
func TestLinguaAndVoteAgree(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{englishReview, "en"},
		{spanishReview, "es"},
		{portugueseReview, "pt"},
		{frenchReview, "fr"},
		{germanReview, "de"},
	}
	for _, tt := range tests {
		long := strings.Repeat(tt.text+" ", 3)
		if got, _ := detectWithLingua(long); got != tt.want {
			t.Errorf("lingua: got %q, want %q for %.30q", got, tt.want, tt.text)
		}
		if got, _, ok := functionWordVote(long); ok && got != tt.want {
			t.Errorf("vote: got %q, want %q for %.30q", got, tt.want, tt.text)
		}
	}
	if _, _, ok := functionWordVote(strings.Repeat(englishReview+" ", 3)); !ok {
		t.Error("vote not decisive on plain English prose")
	}
	if _, _, ok := functionWordVote("Bold, beautiful and heartbreaking."); ok {
		t.Error("vote decided on a five-word text")
	}
}

func TestDetectReadsOnlyTheStart(t *testing.T) {
	// English first, then a long Spanish tail beyond the sample limit: the
	// sample decides.
	text := strings.Repeat(englishReview+" ", 10) + strings.Repeat(spanishReview+" ", 50)
	if got, _ := Detect(text); got != "en" {
		t.Errorf("Detect() = %q, want en", got)
	}
}

func TestTruncateKeepsRunesWhole(t *testing.T) {
	s := strings.Repeat("é", 10) // 20 bytes
	got := truncate(s, 5)
	if got != "éé" {
		t.Errorf("truncate = %q, want %q", got, "éé")
	}
}

func TestDetectSeedIsEnglish(t *testing.T) {
	seeds := filepath.Join("..", "..", "..", "shared", "seeds")
	files, _ := filepath.Glob(filepath.Join(seeds, "*.txt"))
	if len(files) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no seeds in %s", seeds)
		}
		t.Skipf("no seeds in %s", seeds)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := Detect(string(data)); got != "en" {
			t.Errorf("%s: Detect() = %q, want en", filepath.Base(file), got)
		}
	}
}

// TestDetectMemory reports the heap that the loaded models hold. The
// budget is generous (the pipeline must stay well under 300 MB in total);
// the number it logs is what the report quotes.
func TestDetectMemory(t *testing.T) {
	for _, text := range []string{englishReview, spanishReview, portugueseReview, frenchReview, germanReview} {
		Detect(text)
	}
	for _, text := range []string{englishReview, spanishReview, portugueseReview, frenchReview, germanReview, russianReview} {
		detectWithLingua(text)
	}
	runtime.GC()
	if status, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(status), "\n") {
			if strings.HasPrefix(line, "VmRSS:") || strings.HasPrefix(line, "VmHWM:") {
				t.Log(line)
			}
		}
	}
	var stats runtime.MemStats
	runtime.ReadMemStats(&stats)
	t.Logf("heap in use after detection in six languages: %d MB", stats.HeapInuse>>20)
	if stats.HeapInuse > 200<<20 {
		t.Errorf("heap in use %d MB, budget 200 MB", stats.HeapInuse>>20)
	}
}

func FuzzDetect(f *testing.F) {
	for _, seed := range []string{englishReview, spanishReview, "", "\xff", "★★★★★", "Ж"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		code, confidence := Detect(text)
		if confidence < 0 || confidence > 1 {
			t.Errorf("confidence %v outside [0,1]", confidence)
		}
		if code != "" && len(code) != 2 {
			t.Errorf("code %q is not ISO 639-1", code)
		}
	})
}

func BenchmarkDetect(b *testing.B) {
	text := strings.Repeat(englishReview+" ", 12)
	Detect(text)
	b.ResetTimer()
	for b.Loop() {
		Detect(text)
	}
}
