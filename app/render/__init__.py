"""Qt-free rendering: Markdown to the HTML subset Qt shows, incrementally while a reply streams."""
