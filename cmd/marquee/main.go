// Command marquee reads film critics' reviews in whatever form they come,
// extracts what they state, stores them and reports per review and per film.
//
// Each subcommand lives in its own file and registers itself in init(), so
// adding a command never touches this file.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"sort"
	"syscall"
)

// command is one subcommand. run gets the arguments after the subcommand's
// name and the process's standard streams, so tests can drive it in-process.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *environment, args []string) error
}

// environment carries the process's streams so commands never reach for
// os.Stdout directly.
type environment struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// stderrIsTerminal decides whether progress bars are drawn.
	stderrIsTerminal bool
	getenv           func(string) string
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("marquee: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

// errUsage marks an error caused by bad arguments; main exits with status 2.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := &environment{
		stdin:            os.Stdin,
		stdout:           os.Stdout,
		stderr:           os.Stderr,
		stderrIsTerminal: isTerminal(os.Stderr),
		getenv:           os.Getenv,
	}
	stopProfile := startCPUProfile(os.Getenv("MARQUEE_CPUPROFILE"))
	code := run(ctx, env, os.Args[1:])
	stopProfile()
	os.Exit(code)
}

// startCPUProfile writes a CPU profile of the whole command to path when
// path is set, so that a slow ingest or worker on a user's machine can be
// diagnosed with go tool pprof without a special build.
func startCPUProfile(path string) (stop func()) {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "marquee: cpu profile: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(os.Stderr, "marquee: cpu profile: %v\n", err)
		_ = f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}
}

// run dispatches to a subcommand and turns its error into an exit status.
func run(ctx context.Context, env *environment, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(env.stderr, "marquee: unknown command %q\n\n", args[0])
		usage(env.stderr)
		return 2
	}
	if err := c.run(ctx, env, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(env.stderr, "marquee %s: %s\n", c.name, displayText(err.Error()))
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: marquee <command> [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'marquee <command> -h' for a command's flags.")
}

// newFlagSet returns a FlagSet that reports errors instead of exiting, and
// prints its usage to the command's stderr.
func newFlagSet(env *environment, name, argsUsage string) *flag.FlagSet {
	fs := flag.NewFlagSet("marquee "+name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.stderr, "usage: marquee %s [flags] %s\n", name, argsUsage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, allowing flags after positional arguments
// ("marquee film Anora --json"), which the stdlib parser alone does not.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}
