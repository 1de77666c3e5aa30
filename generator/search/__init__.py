"""Search index: Sudachi analysis at build time, a sharded lunr index, browser twins in JS."""
