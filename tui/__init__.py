"""How the auditor works: the Textual app. Owns no data rules."""
