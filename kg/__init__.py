"""Fengong's knowledge-graph layer and its command line, `kg`."""
