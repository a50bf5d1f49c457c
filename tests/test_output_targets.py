"""`-o` onto things that are not regular files (issue 9, 3): written into, or refused;
never renamed over. (None of these tests can harm the machine if cf regresses: the only real
device used is a pseudo-terminal, on a filesystem where no file can be created.)"""
from __future__ import annotations

import os
import socket
import stat
import threading

from typer.testing import CliRunner

from cf.cli.app import app
from conftest import EXAMPLES

runner = CliRunner()
GOOD_TEXT = EXAMPLES / "southwark-2019-02-07.txt"


def cf(*args, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


def test_draft_goes_into_a_named_pipe_which_stays_a_pipe(tmp_path):
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    result = cf("summarise", GOOD_TEXT, "-o", fifo, "--force", "--no-cache")
    reader.join(timeout=60)
    assert result.exit_code == 0, result.stderr
    assert b"Southwark" in got[0]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"], "no temporary file left"


def test_pipe_nobody_reads_is_a_clean_error(tmp_path):
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    result = cf("summarise", GOOD_TEXT, "-o", fifo, "--force", "--no-cache")
    assert result.exit_code == 1
    assert "no program is reading" in result.stderr and "Traceback" not in result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_draft_goes_into_a_character_device_which_stays_one():
    master, slave = os.openpty()
    path = os.ttyname(slave)
    try:
        result = cf("summarise", GOOD_TEXT, "-o", path, "--force", "--no-cache")
        assert result.exit_code == 0, result.stderr
        assert stat.S_ISCHR(os.stat(path).st_mode)
        assert b"Southwark" in os.read(master, 1 << 16)
    finally:
        os.close(slave)
        os.close(master)


def test_dev_null_needs_no_force():
    """Writing into /dev/null overwrites nothing; without --force this is safe to test."""
    result = cf("summarise", GOOD_TEXT, "-o", "/dev/null", "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_link_is_followed_not_replaced(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("old draft", encoding="utf-8")
    link = tmp_path / "story.txt"
    link.symlink_to(target)
    refused = cf("summarise", GOOD_TEXT, "-o", link, "--no-cache")
    assert refused.exit_code == 1 and "--force" in refused.stderr
    result = cf("summarise", GOOD_TEXT, "-o", link, "--force", "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and "Southwark" in target.read_text(encoding="utf-8")


def test_socket_is_refused(tmp_path):
    path = tmp_path / "story.txt"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        result = cf("summarise", GOOD_TEXT, "-o", path, "--force", "--no-cache")
    finally:
        server.close()
    assert result.exit_code == 1
    assert "socket" in result.stderr and "Traceback" not in result.stderr
    assert stat.S_ISSOCK(os.stat(path).st_mode)
