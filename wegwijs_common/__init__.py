"""What the web hub and the bot both need, and nothing else: the bot↔hub contract, privacy
scrubbing, shared settings. ``web`` and ``bot`` never import each other; both may import this."""
