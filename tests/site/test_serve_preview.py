"""``build.py serve`` as editors use it: the open page follows each save, errors show in it."""

from __future__ import annotations

from pathlib import Path

from briefing.commands.serve import rebuild
from briefing.pipeline import Paths


# -- PDFs ------------------------------------------------------------------------------------
def test_a_serve_rebuild_keeps_the_pdfs_an_earlier_build_wrote(project: Path) -> None:
    paths = Paths(project)
    assert rebuild(paths)
    # What `build.py build` or `build.py pdf` left: the books and a fact sheet.
    earlier = {
        "en/downloads/briefing-en.pdf": b"%PDF-1.7 the English book",
        "ko/downloads/briefing-ko.pdf": b"%PDF-1.7 the Korean book",
        "en/downloads/projects/turkistan-highway.pdf": b"%PDF-1.7 a fact sheet",
    }
    for name, data in earlier.items():
        (paths.site_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (paths.site_dir / name).write_bytes(data)
    page = project / "content" / "en" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEdited meanwhile.\n", encoding="utf-8")

    assert rebuild(paths)

    about = (paths.site_dir / "en" / "about" / "index.html").read_text(encoding="utf-8")
    assert "Edited meanwhile." in about  # a new site/ was swapped in...
    for name, data in earlier.items():  # ...and the PDFs came along
        assert (paths.site_dir / name).read_bytes() == data
    # the preview's script is added as pages are sent, never written into site/
    assert not [p for p in paths.site_dir.rglob("*.html") if "__preview" in p.read_text("utf-8")]
