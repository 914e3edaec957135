"""Review requests (file, decide, apply), and the alerts inbox with hit decisions."""
