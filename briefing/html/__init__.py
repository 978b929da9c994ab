"""HTML that leaves the build: sanitized (``sanitize``, nh3), languages marked
(``langmark``), scripts hashed into a CSP (``headers``)."""
