"""--help reads as sentences: on a wide terminal every paragraph of a command's description is one line ending
with a full stop (no line broken where the docstring's source line ended), and the command list shows one
complete sentence per command."""

import pytest
from typer.testing import CliRunner

from flows.cli.app import app

COMMANDS = ["run", "backfill", "extract", "report", "revalidate", "status", "eval"]


def _help(*args: str) -> list[str]:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "400", "TERM": "dumb"})
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


@pytest.mark.parametrize("command", COMMANDS)
def test_each_paragraph_of_a_commands_description_is_one_unbroken_line(command):
    lines = _help(command)
    description = lines[
        lines.index(next(x for x in lines if x.strip().startswith("Usage:"))) + 1 : lines.index(
            next(x for x in lines if x.lstrip().startswith(("╭", "+")))
        )
    ]
    paragraphs = [x.strip() for x in description if x.strip()]
    assert paragraphs, lines
    for paragraph in paragraphs:
        assert paragraph.endswith("."), paragraph


def test_the_command_list_shows_one_sentence_per_command():
    rows = [x.strip("│| ").strip() for x in _help() if x.strip("│| ").split(" ", 1)[0] in COMMANDS]
    assert [r.split()[0] for r in rows] == COMMANDS
    for row in rows:
        assert row.endswith("."), row
