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
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fs.Usage()
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, rest)
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
	srv, err := server.New(st, server.Config{Token: *token, Private: *private, Logger: logger})
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
