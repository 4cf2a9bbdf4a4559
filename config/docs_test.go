package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRulesDocConfig: the config shape docs/rules.md shows is one memberfee
// loads: every key in it exists and every value is valid, so the page a
// new board writes its first config from stays true.
func TestRulesDocConfig(t *testing.T) {
	doc, err := os.ReadFile("../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```yaml\n")
	block, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		t.Fatal("docs/rules.md has no yaml block")
	}
	path := filepath.Join(t.TempDir(), "memberfee.yaml")
	if err := os.WriteFile(path, []byte(block), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatalf("the config of docs/rules.md does not load:\n%v", err)
	}
	if c.Year != 2025 || len(c.Members) != 1 {
		t.Errorf("year %d, %d members", c.Year, len(c.Members))
	}
}
