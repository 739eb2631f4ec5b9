"""Pure normalisation: bytes and text in, records out. No network, no database."""
