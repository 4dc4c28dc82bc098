"""The app offers recovery of a damaged or deleted audit and opens what it recovered."""

from __future__ import annotations

from pathlib import Path

from tests.store_helpers import new_audit
from tests.tui_helpers import open_first_audit, settle
from tui.app import make_app
from tui.screens.audit import AuditScreen
from tui.screens.confirm import ConfirmScreen


async def test_a_deleted_audit_is_listed_recovered_and_opened(workspace: Path):
    audit = new_audit(workspace)
    audit.add_observation("samarbete-af", "i säkerhetskopian")
    audit.file.compact()
    audit.add_observation("samarbete-af", "bara i journalen")
    path = audit.path
    audit.file.close(compact=False)
    path.unlink()
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_audit(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # recovery is offered
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        texts = {o.text for o in app.session.audit.observations()}
        assert texts == {"i säkerhetskopian", "bara i journalen"}
        await pilot.press("ctrl+q")
    assert path.exists()
