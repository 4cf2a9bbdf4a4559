package config

// Previous names last year's config, for the fee bridge (SPEC "Why each
// fee changed"): `previous: {config: memberfee-2024.yaml}`.
type Previous struct {
	// Config is last year's config file, relative to this config's folder.
	Config string `mapstructure:"config"`
}

// PreviousPath returns last year's config file: flag when given, else
// previous.config from the config's folder, else "" (no bridge).
//
// The ledger seam: `adopt` records only the adopted config's hash
// (ledger.Adoption.ConfigHash), not the file. Once it keeps the config
// itself, this is where "" should become the config adopted for Year − 1
// in the ledger (LedgerPath("")), so that allocate finds last year's config
// without --previous.
func (c *Config) PreviousPath(flag string) string {
	if flag != "" {
		return flag
	}
	return c.Resolve(c.Previous.Config)
}
