"""Stage print: the A4 books and one-page fact sheets per language
(WeasyPrint), reading only the build's own files."""
