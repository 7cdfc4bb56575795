"""The evidence and citation knowledge base: one module per pipeline stage (see README)."""
