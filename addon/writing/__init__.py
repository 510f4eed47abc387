"""Writing what the user sends: replies, the briefing, and their calendar parts."""
