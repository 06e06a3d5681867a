// Package resolve reconciles what many reviews say about the same film: it
// decides which titles name one film, which spellings name one person or
// character, clusters the credits the reviews state and lists the facts they
// disagree on. It is pure: no database and no I/O.
package resolve
