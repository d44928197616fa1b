"""Operating hygiene: the test session keeps Prefect's state out of the user's ~/.prefect, and `make clean` never
deletes data (only `make clean-data` does, saying what it deletes)."""

import os
import re
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def test_the_session_prefect_home_is_a_temporary_folder_not_the_users():
    from prefect.settings import get_current_settings

    home = Path(get_current_settings().home)
    assert home == Path(os.environ["PREFECT_HOME"])
    assert home != Path.home() / ".prefect" and "progress-warehouse-prefect-" in home.name


def _recipe(target: str) -> list[str]:
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    body = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert body, target
    return [line.strip() for line in body.group(1).splitlines()]


def test_make_clean_keeps_the_warehouse_and_the_archive():
    for line in _recipe("clean"):
        assert not re.search(r"(^|\s)(\./)?data(/|\s|$)", line), line


def test_make_clean_data_says_what_it_deletes():
    recipe = _recipe("clean-data")
    assert recipe[0].startswith("@echo") and "warehouse" in recipe[0] and "archive" in recipe[0]
    assert recipe[-1] == "rm -rf data"
