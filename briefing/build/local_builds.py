"""Which output folders are for this machine only, and why: the deploys' safety net.

A development build (``make html``, ``make devserver``, ``make drafts``)
renders previews of drafts and scheduled items; ``make preview`` renders the
public site for a local address.  Either writes :data:`MARKER` at the top of
its output, naming why it is local and listing the previews' addresses (what
``make drafts`` prints).  Every deploy target reads it back
(:func:`why_local`) and refuses to upload such a folder: an embargoed item
must never leave the machine because someone deployed the wrong build.
``briefing publish`` builds into a fresh folder and never writes it.

Plain text, one address per line, ``#`` lines saying why, so an editor who
finds the file knows what it is.  No Pelican here: the deploy command reads it.
"""

from __future__ import annotations

from pathlib import Path

#: The file a local build writes at the top of its output folder.
MARKER = ".briefing-local-build.txt"


def marker_text(reason: str, previews: list[str]) -> str:
    """What :data:`MARKER` holds: why the build is local, then each preview's address."""
    lines = ["# A local build: no deploy target uploads this folder (run make publish).",
             f"# {reason}", *sorted(previews)]
    return "\n".join(lines) + "\n"


def previews_in(output: Path) -> list[str]:
    """The addresses (relative to the site) of the previews a local build wrote."""
    try:
        text = (output / MARKER).read_text("utf-8")
    except OSError:
        return []
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def why_local(output: Path) -> str | None:
    """Why ``output`` must not be deployed, in one line, or None for a public build."""
    try:
        text = (output / MARKER).read_text("utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:  # unreadable: assume the worst
        return f"{output / MARKER}: cannot be read ({error.strerror})"
    lines = text.splitlines()
    reason = next((line[1:].strip() for line in lines[1:2] if line.startswith("#")),
                  "a local build")
    previews = [line for line in lines if line and not line.startswith("#")]
    if previews:
        shown = ", ".join(previews[:3]) + (", …" if len(previews) > 3 else "")
        return (f"{output} is {reason} with {len(previews)} preview(s) of unpublished items "
                f"({shown}); run make publish, which builds only what is public")
    return f"{output} is {reason}; run make publish, which builds only what is public"
