"""Work-safety law violation catalogue (in progress)."""
