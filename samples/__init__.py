"""The bundled sample bulletins (package data: linjiang-2025-MM.html, sources.toml) and their generator."""
