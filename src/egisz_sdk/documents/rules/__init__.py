"""Document-upload rules as package data: one JSON file per target, plus document types and procedures."""
