"""Stage derive: the dataset as each language's readers see it.

View models (``derive``), dates, numbers and amounts (``formatting``, Babel),
enumeration labels (``labels``), page addresses (``urls``), the pictures
(``visuals``), the open data and feed (``opendata``) and the UI languages
(``i18n``). Nothing here knows the site engine or the PDF library.
"""
