"""Words as a language's word reader sees them (``korean``: Kiwi's stems and parts),
for the search index the engine writes (``engine/search_words``)."""
