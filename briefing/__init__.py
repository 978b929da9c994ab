"""A generator of bilingual briefing sites and books: curated facts (YAML) and narratives
(Markdown) in, a static site per language and PDF books out."""
