"""Built-in core checks."""
