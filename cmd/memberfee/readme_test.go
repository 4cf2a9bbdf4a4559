package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readmeCommand matches a memberfee command the README tells a reader to
// paste: `go run ./cmd/memberfee SUB …` or `memberfee verify --manifest …`
// on the shipped example, written inline or in a code block.
var readmeCommand = regexp.MustCompile("(?m)(?:^|`)(?:go run \\./cmd/memberfee|memberfee) ((?:allocate|bill|verify|validate|compare|clients|forecast) [^`\\n]*(?:examples/sydnarke/memberfee\\.yaml|out/manifest\\.json)[^`\\n]*)")

// TestReadmeCommands runs, in order, every command on the shipped example
// that the README gives (the quick start's first command among them), in a
// folder laid out as a fresh clone is, so the walk-through cannot rot: each
// must exit 0.
func TestReadmeCommands(t *testing.T) {
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var cmds [][]string
	for _, m := range readmeCommand.FindAllStringSubmatch(string(raw), -1) {
		cmds = append(cmds, strings.Fields(m[1]))
	}
	if len(cmds) < 3 || cmds[0][0] != "allocate" {
		t.Fatalf("the README's commands on the example are not found (%d): the quick start must begin with allocate on examples/sydnarke/memberfee.yaml", len(cmds))
	}
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "examples"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(copyExample(t), filepath.Join(root, "examples", "sydnarke")); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d commands: %q", len(cmds), cmds)
	t.Chdir(root)
	for _, args := range cmds {
		if code, _, stderr := runCLI(t, args...); code != 0 {
			t.Errorf("README: memberfee %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
		}
	}
}
