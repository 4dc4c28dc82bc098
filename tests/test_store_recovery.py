"""Recovery: from any surviving backup plus every surviving journal, copying before it replaces."""

from __future__ import annotations

import hashlib
import random
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from store import (
    CorruptAudit,
    MissingAudit,
    StoreError,
    list_audits,
    open_audit,
    recover,
    recover_audit,
)
from tests.store_helpers import new_audit

ROOT = Path(__file__).parents[1]


def generations(folder: Path, per_generation: int = 3, big: int = 0) -> tuple[Path, set[str]]:
    """An audit compacted five times (three backups, three old journals) plus a journal."""
    audit = new_audit(folder)
    big_texts = [f"stor {i} " + "x" * 300 for i in range(big)]
    texts = {audit.add_observation("samarbete-af", text).text for text in big_texts}
    for g in range(5):
        for i in range(per_generation):
            texts.add(audit.add_observation("analys-prognos", f"generation {g}, nr {i}").text)
            audit.file.flush()
        audit.file.compact()
    for i in range(2):
        texts.add(audit.add_observation("analys-prognos", f"bara i journalen {i}").text)
    path = audit.path
    audit.file.close(compact=False)
    return path, texts


def contents(folder: Path) -> set[str]:
    return {hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def damage(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def texts_of(path: Path) -> set[str]:
    audit = open_audit(path, read_only=True)
    return {o.text for o in audit.observations()}


def test_recovery_from_bak2_replays_every_journal_after_it(workspace: Path):
    path, texts = generations(workspace)
    damage(path)
    damage(path.with_name(path.name + ".bak1"))
    before = contents(workspace)
    with pytest.raises(CorruptAudit):
        open_audit(path)
    result = recover_audit(path)
    assert result.backup.name.endswith(".bak2")
    assert texts_of(path) == texts  # .journal.prev2, .journal.prev and .journal all replayed
    assert before <= contents(workspace)  # nothing was lost: every file's bytes still exist
    # The next compactions rotate journals and backups; the recovered edits stay.
    audit = open_audit(path)
    audit.add_observation("samarbete-af", "efter återställningen")
    audit.file.compact()
    audit.file.compact()
    audit.close()
    assert texts_of(path) == texts | {"efter återställningen"}


def test_recovery_from_the_oldest_backup(workspace: Path):
    path, texts = generations(workspace)
    for p in (path, path.with_name(path.name + ".bak1"), path.with_name(path.name + ".bak2")):
        damage(p)
    assert recover(path).name.endswith(".bak3")
    assert texts_of(path) == texts


def test_nothing_readable_is_a_clear_error_and_changes_nothing(workspace: Path):
    path = workspace / "x-00000000.granska.json"
    path.write_text("{broken")
    with pytest.raises(StoreError, match="no readable backup") as info:
        recover(path)
    assert info.value.code == "no_backup" and path.read_text() == "{broken"


def test_a_deleted_file_is_listed_and_recovered(workspace: Path):
    path, texts = generations(workspace)
    path.unlink()
    [summary] = list_audits(workspace)
    assert summary.path == str(path) and "missing" in summary.error
    with pytest.raises(MissingAudit) as info:  # a CorruptAudit: the app offers recovery
        open_audit(path)
    assert isinstance(info.value, CorruptAudit) and info.value.backups
    assert info.value.code == "missing"
    recover(path)
    assert texts_of(path) == texts
    assert not list_audits(workspace)[0].error


RECOVER = textwrap.dedent("""
    import sys
    from store import recover
    print("ready", flush=True)
    recover(sys.argv[1])
    print("done", flush=True)
""")


@pytest.mark.slow
def test_recovery_killed_at_random_moments_loses_nothing(tmp_path: Path):
    source = tmp_path / "source"
    source.mkdir()
    path, texts = generations(source, big=1500)
    damage(path)
    damage(path.with_name(path.name + ".bak1"))
    original = contents(source)
    rng = random.Random(31)
    finished = 0
    for n in range(25):
        folder = tmp_path / f"run{n}"
        shutil.copytree(source, folder)
        target = folder / path.name
        child = subprocess.Popen(
            [sys.executable, "-c", RECOVER, str(target)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.random() * 0.25)
        child.kill()
        out, _ = child.communicate()
        finished += "done" in out
        try:
            open_audit(target, read_only=True)
        except CorruptAudit:
            recover(target)  # a killed recovery is simply run again
        assert texts_of(target) == texts, f"run {n}"
        assert original <= contents(folder), f"run {n}: a file was lost"
        writer = open_audit(target)  # and it opens for writing, journal in order
        assert writer.file.problems == [], f"run {n}: {writer.file.problems}"
        writer.close()
    assert finished < 25  # some kills landed inside recovery
