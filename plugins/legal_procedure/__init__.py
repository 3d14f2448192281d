"""Legal-procedure rules (in progress)."""
