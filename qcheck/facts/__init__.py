"""Facts: the policy input derived from a snapshot and the config (see docs/input.md)."""
