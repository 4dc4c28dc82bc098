"""A demo audit and a colleague's copy of it that leave one decision of each kind to settle."""

from __future__ import annotations

import shutil
from pathlib import Path

from store import Observation, open_audit


def conflicted_copy(mine_path: Path, folder: Path) -> Path:
    """Copy the (closed) audit at `mine_path` into `folder` and edit both so that merging
    the copy leaves a field conflict, a deletion of an edited record and a duplicate source.
    Returns the copy's path."""
    theirs_path = folder / mine_path.name
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(mine_path, theirs_path)
    theirs = open_audit(theirs_path, author="kollega")
    first, second = theirs.observations()[:2]
    first.text = "Kollegans version av iakttagelsen."
    theirs.save(first)
    theirs.delete(second)
    theirs.add_source("interview", role="Socialchef", date="2022-05-04")
    theirs.close()
    mine = open_audit(mine_path, author="jag")
    for obs_id, text in ((first.id, "Min version av iakttagelsen."), (second.id, "Min rättelse.")):
        obs = mine.get(Observation, obs_id)
        obs.text = text
        mine.save(obs)
    mine.add_source("interview", role="Socialchef", date="2022-05-04")
    mine.close()
    return theirs_path
