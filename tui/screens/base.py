"""The base of Granska's screens: typed access to the app and the open audit."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from store import Audit
    from tui.app import GranskaApp
    from tui.session import AuditSession

ResultT = TypeVar("ResultT")


class GranskaScreen(Screen[ResultT]):
    """A screen of the Granska app (as Posting's `cast("Posting", self.app)`)."""

    @property
    def granska(self) -> GranskaApp:
        """The app, typed."""
        return cast("GranskaApp", self.app)

    @property
    def session(self) -> AuditSession:
        """The open audit's session (only on screens shown while an audit is open)."""
        session = self.granska.session
        assert session is not None, "no audit is open"
        return session

    @property
    def audit(self) -> Audit:
        """The open audit."""
        return self.session.audit
