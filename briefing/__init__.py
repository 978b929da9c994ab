"""Korea–Kazakhstan economic cooperation briefing: site and book generator."""
