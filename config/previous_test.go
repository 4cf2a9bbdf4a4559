package config

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPreviousPath(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name, yaml, flag, want string
	}{
		{"none", "year: 2025\n", "", ""},
		{"from the config's folder", "previous:\n  config: memberfee-2024.yaml\n", "", filepath.Join(dir, "memberfee-2024.yaml")},
		{"the flag wins", "previous:\n  config: memberfee-2024.yaml\n", "other.yaml", "other.yaml"},
		{"absolute", "previous:\n  config: /srv/fees/2024.yaml\n", "", "/srv/fees/2024.yaml"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, "memberfee.yaml")
			if err := os.WriteFile(p, []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			c, err := Load(p)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.PreviousPath(tt.flag); got != tt.want {
				t.Errorf("PreviousPath(%q) = %q, want %q", tt.flag, got, tt.want)
			}
		})
	}
}

// TestPreviousUnknownKey: a misspelt key under previous is refused, not
// ignored (which would silently give no bridge).
func TestPreviousUnknownKey(t *testing.T) {
	p := filepath.Join(t.TempDir(), "memberfee.yaml")
	if err := os.WriteFile(p, []byte("previous:\n  confg: memberfee-2024.yaml\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(p); err == nil {
		t.Fatal("previous.confg was accepted")
	}
}
