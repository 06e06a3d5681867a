package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// A measurement reproduces one figure in the README from the data in
// ../shared/data. Each lives in its own file (measure_<name>.go) and
// registers itself here.
type measurement struct {
	name    string
	summary string
	run     func(ctx context.Context, env *environment, args []string) error
}

var measurements = map[string]*measurement{}

func registerMeasurement(m *measurement) { measurements[m.name] = m }

func init() {
	register(&command{
		name:    "measure",
		summary: "reproduce a figure of the README from ../shared/data (measure -h lists them)",
		run:     runMeasure,
	})
}

func runMeasure(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		names := make([]string, 0, len(measurements))
		for n := range measurements {
			names = append(names, n)
		}
		sort.Strings(names)
		var b strings.Builder
		for _, n := range names {
			fmt.Fprintf(&b, "  %-10s %s\n", n, measurements[n].summary)
		}
		fmt.Fprintf(env.stderr, "usage: marquee measure <name> [flags]\n\nmeasurements:\n%s", b.String())
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	m, ok := measurements[args[0]]
	if !ok {
		return fmt.Errorf("%w: unknown measurement %q", errUsage, args[0])
	}
	return m.run(ctx, env, args[1:])
}

// sharedDataDir is where the shared datasets live relative to the repo:
// ../shared/data, overridable with MARQUEE_SHARED.
func sharedDataDir(env *environment) string {
	if d := env.getenv("MARQUEE_SHARED"); d != "" {
		return d + "/data"
	}
	return "../shared/data"
}
