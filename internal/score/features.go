package score

// Features are hashed n-grams: every uni-, bi- and trigram of a text's tokens
// is hashed into one of 2^Bits buckets. Hashing keeps the model a fixed size
// with no vocabulary to store, at the price of rare collisions.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// wordHash hashes one token; negated tokens hash differently.
func wordHash(t Token) uint64 {
	h := uint64(fnvOffset)
	if t.Negated {
		h ^= '~'
		h *= fnvPrime
	}
	for i := 0; i < len(t.Word); i++ {
		h ^= uint64(t.Word[i])
		h *= fnvPrime
	}
	return h
}

// mix is splitmix64's finaliser: it spreads n-gram hashes evenly over buckets.
func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

// appendNgramBuckets appends the bucket of every n-gram (1 <= n <= maxN) of
// tokens to dst. Buckets may repeat; callers deduplicate.
func appendNgramBuckets(dst []uint32, tokens []Token, maxN, hashBits int, hashes []uint64) ([]uint32, []uint64) {
	hashes = hashes[:0]
	for _, t := range tokens {
		hashes = append(hashes, wordHash(t))
	}
	shift := 64 - hashBits
	for i := range hashes {
		h := uint64(0)
		for n := 1; n <= maxN && i+n <= len(hashes); n++ {
			h = ngramStep(h, hashes[i+n-1], n)
			dst = append(dst, uint32(mix(h)>>shift))
		}
	}
	return dst, hashes
}
