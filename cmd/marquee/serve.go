package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"

	"github.com/marquee-film/marquee/internal/server"
)

func init() {
	register(&command{
		name:    "serve",
		summary: "serve the films, reviews and search on the web (HTML pages and a JSON API)",
		run:     runServe,
	})
}

func runServe(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet(env, "serve", "")
	db := dbFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on, host:port")
	token := fs.String("token", "", "access token that allows adding reviews (default $MARQUEE_TOKEN); without one nobody can write")
	private := fs.Bool("private", false, "require the token for reading too")
	maxBodyMB := fs.Int64("max-body-mb", server.DefaultMaxBodyBytes>>20, "largest request body (an upload) accepted, in MiB; larger ones get 413")
	headerTimeout := fs.Duration("read-header-timeout", server.DefaultReadHeaderTimeout, "how long a client may take to send a request's headers before it is cut off")
	readTimeout := fs.Duration("read-timeout", server.DefaultReadTimeout, "how long a client may take to send a whole request, body included")
	maxConns := fs.Int("max-conns", server.DefaultMaxConns, "most connections open at once (-1: no cap); more wait to be accepted")
	maxInFlight := fs.Int("max-in-flight", server.DefaultMaxInFlight, "most requests served at once (-1: no cap); more get 503 with Retry-After")
	warm := fs.Int("warm", -1, "build the reports of this many of the most reviewed films at start, in the background, largest first (-1: as many as half the cache holds; 0: none)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fs.Usage()
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, rest)
	}
	if *maxBodyMB < 1 {
		return fmt.Errorf("%w: --max-body-mb must be at least 1", errUsage)
	}
	if *headerTimeout <= 0 || *readTimeout <= 0 {
		return fmt.Errorf("%w: --read-header-timeout and --read-timeout must be positive", errUsage)
	}
	if *maxConns == 0 || *maxInFlight == 0 {
		return fmt.Errorf("%w: --max-conns and --max-in-flight must be positive, or -1 for no cap", errUsage)
	}
	if *token == "" {
		*token = env.getenv("MARQUEE_TOKEN")
	}
	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	logger := slog.New(slog.NewTextHandler(env.stderr, nil))
	srv, err := server.New(st, server.Config{
		Token: *token, Private: *private, MaxBodyBytes: *maxBodyMB << 20, Logger: logger,
		ReadHeaderTimeout: *headerTimeout, ReadTimeout: *readTimeout, MaxConns: *maxConns, MaxInFlight: *maxInFlight,
		WarmFilms: *warm,
	})
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	fmt.Fprintf(env.stderr, "marquee: serving on http://%s/ (writes %s, reads %s)\n", ln.Addr(),
		map[bool]string{true: "need the token", false: "disabled: no token"}[*token != ""],
		map[bool]string{true: "need the token", false: "public"}[*private])
	return srv.Serve(ctx, ln)
}
