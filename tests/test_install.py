"""The package as a user installs it: the wheel built from this checkout, installed into a fresh virtual
environment, run from an empty folder (no checkout, no sources file, nothing in the current folder).

Dependencies are not downloaded again: the fresh environment installs only the wheel (`--no-deps`) and sees the
locked dependencies of the project's own environment through a .pth line (that folder's .pth files, among them
the editable install of this checkout, are not run, so `flows` can only come from the wheel; asserted below)."""

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import duckdb
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _run(args, cwd, env, timeout=300):
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv folder, environment for its commands): the wheel of this checkout installed in a new venv."""
    root = tmp_path_factory.mktemp("install")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PROGRESS_WAREHOUSE", "VIRTUAL_ENV"))}
    env["PREFECT_HOME"] = str(root / "prefect-home")  # never the user's ~/.prefect
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-q",
            "-w",
            root / "dist",
            PROJECT_ROOT,
        ],
        cwd=root,
        env=env,
    )
    wheel = next((root / "dist").glob("progress_warehouse-*.whl"))
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=root, env=env)
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            venv / "bin" / "python",
            "install",
            "--no-deps",
            "-q",
            "--disable-pip-version-check",
            wheel,
        ],
        cwd=root,
        env=env,
    )
    site = Path(
        subprocess.check_output(
            [venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    (site / "project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv, env


def test_the_installed_wheel_runs_the_demo_from_an_empty_folder(installed, tmp_path):
    venv, env = installed
    where = _run(
        [venv / "bin" / "python", "-c", "import flows, samples; print(flows.__file__); print(samples.__file__)"],
        cwd=tmp_path,
        env=env,
    ).stdout.split()
    assert all(Path(w).is_relative_to(venv) for w in where), where  # the wheel's code, not the checkout's

    empty = tmp_path / "empty"
    empty.mkdir()
    done = _run([venv / "bin" / "progress-warehouse", "run"], cwd=empty, env=env)
    assert (
        "12 bulletins read: 12 loaded (12 passed, 0 warned), 0 failed validation, 0 unchanged, "
        "0 not loaded" in done.stdout
    )
    assert "Traceback" not in done.stdout + done.stderr
    data = empty / "data"
    assert f"warehouse: {data / 'warehouse.duckdb'}" in done.stdout
    assert len(list((data / "reports").glob("validation-*.html"))) == 1
    con = duckdb.connect(str(data / "published" / "warehouse.duckdb"), read_only=True)
    # 12 bulletins, 11 bulletin months: the corrected October replaces the first one (migration 011)
    assert con.execute("SELECT count(*) FROM current_snapshots").fetchone()[0] == 11
    con.close()
    # Nothing was written into the installed package's folders.
    assert [p for p in venv.rglob("*") if p.suffix == ".duckdb" or p.name in ("data", "reports", "archive")] == []


def test_the_installed_wheel_reads_a_source_file_without_a_sources_file(installed, tmp_path):
    venv, env = installed
    from samples.generate import write_samples

    bulletin = write_samples(tmp_path / "bulletins", [3])[0]
    empty = tmp_path / "empty"
    empty.mkdir()
    warehouse = tmp_path / "elsewhere" / "wh.duckdb"
    done = _run(
        [venv / "bin" / "progress-warehouse", "run", "--source", bulletin, "--warehouse", warehouse], cwd=empty, env=env
    )
    assert "1 bulletin read: 1 loaded (1 passed, 0 warned)" in done.stdout
    assert f"  snapshot 1 (new, passed) {bulletin}" in done.stdout
    assert len(list((warehouse.parent / "reports").glob("validation-*.html"))) == 1  # beside the warehouse
    assert list(empty.iterdir()) == []  # nothing in the current folder when the warehouse is elsewhere


def test_bad_input_to_the_installed_command_is_one_line_and_exit_2(installed, tmp_path):
    venv, env = installed
    done = subprocess.run(
        [venv / "bin" / "progress-warehouse", "run", "--source", "absent.html"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "error absent.html: no such file or folder"
    assert not (tmp_path / "data").exists()
