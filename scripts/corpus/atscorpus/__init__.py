"""Generator of a rendered resume corpus with known truth (issue 9)."""
