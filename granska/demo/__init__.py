"""The demo audit that a first launch lands on."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from store import ensure_workspace
from store.errors import disk_error
from store.workspace import audit_files

if TYPE_CHECKING:
    from store import Audit

DEMO_FILE = Path(__file__).parent / "arbetsmarknad.yaml"
MARKER = ".demo-created"


def create_demo(workspace: Path, author: str | None = None) -> Audit:
    """Create the seed-004 labour-market audit, filled in, in the workspace."""
    # Imported here: every start checks for the demo, only the first one creates it.
    import yaml

    from checklists.library import load_library
    from checklists.yamlsafe import BudgetLoader
    from store import create_audit

    # The same alias budget as templates (checklists/yamlsafe.py): every YAML read has it.
    spec = yaml.load(DEMO_FILE.read_text(encoding="utf-8"), Loader=BudgetLoader)  # noqa: S506
    template = load_library().get(spec["template"])
    if template is None:
        raise LookupError(f"bundled template {spec['template']!r} is missing")
    info = spec["audit"]
    audit = create_audit(
        workspace,
        template,
        title=info["title"],
        municipality=info["municipality"],
        committee=info["committee"],
        year=info["year"],
        auditors=tuple(info["auditors"]),
        author=author,
    )
    audit.update_meta(background=info["background"], overall_assessment=info["overall_assessment"])
    sources = {key: audit.add_source(**fields) for key, fields in spec["sources"].items()}
    for item_id, notes in spec["observations"].items():
        for note in notes:
            audit.add_observation(item_id, note["text"], [sources[s].id for s in note["sources"]])
    for item_id, a in spec["assessments"].items():
        audit.set_assessment(item_id, a["value"], a["reasoning"])
    for r in spec["recommendations"]:
        audit.add_recommendation(r["text"], r["items"])
    audit.flush()
    return audit


def ensure_demo(workspace: Path) -> Path | None:
    """On a workspace's first use, create the demo audit; returns its path if created."""
    ensure_workspace(workspace)
    marker = workspace / MARKER
    if marker.exists() or audit_files(workspace):
        return None
    try:
        audit = create_demo(workspace)
        path = audit.path
        audit.close()
        marker.write_text(
            "The demo audit was created here once; delete this file to get it again.\n"
        )
    except OSError as exc:  # a full disk on the first run: a message, not a traceback
        raise disk_error(workspace, exc, "create the demo audit") from None
    return path
