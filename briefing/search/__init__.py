"""Search that finds Korean words in their other forms: Kiwi's readings (``korean``) and what each index holds (``index``)."""
