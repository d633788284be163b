import io
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_ensure_editor_creates_one_editor_with_a_random_password():
    first, second = io.StringIO(), io.StringIO()
    call_command("ensure_editor", stdout=first)
    call_command("ensure_editor", stdout=second)
    User = get_user_model()
    editor = User.objects.get()
    assert editor.is_staff and editor.is_superuser
    password = first.getvalue().split("with password '")[1].split("'")[0]
    assert len(password) >= 16
    assert editor.check_password(password)
    assert password not in second.getvalue()


@pytest.mark.django_db
def test_ensure_editor_leaves_existing_users_alone(django_user_model):
    django_user_model.objects.create_user("someone", password="pw-Someone-123")
    call_command("ensure_editor", stdout=io.StringIO())
    assert django_user_model.objects.count() == 1


SYSTEM_PACKAGES = Path(__file__).resolve().parent.parent / "scripts" / "system-packages"


def fake_machine(tmp_path, uid, tools=()):
    """A PATH holding only an `id` that answers `uid` and the given tools, each of which
    notes its arguments in calls.txt: apt-get, when present, installs nothing for real."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    programs = {"id": f"echo {uid}"}
    for tool in tools:
        programs[tool] = f'echo "{tool} $*" >>{tmp_path}/calls.txt'
    for name, body in programs.items():
        program = bin_dir / name
        program.write_text(f"#!/bin/sh\n{body}\n")
        program.chmod(0o755)
    return {"PATH": str(bin_dir), "HOME": str(tmp_path)}


def run_system_packages(environment, *packages):
    return subprocess.run(
        ["/bin/bash", SYSTEM_PACKAGES, *packages],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_system_packages_asks_someone_not_root_to_install_exactly_what_is_missing(tmp_path):
    machine = fake_machine(tmp_path, uid=1000, tools=["npm", "apt-get"])
    result = run_system_packages(machine, "npm", "wrk", "redis-server")
    assert result.returncode != 0
    assert "  sudo apt-get install -y wrk redis-server\n" in result.stderr
    assert not (tmp_path / "calls.txt").exists()


def test_system_packages_installs_what_is_missing_as_root_with_apt_get(tmp_path):
    machine = fake_machine(tmp_path, uid=0, tools=["npm", "apt-get"])
    result = run_system_packages(machine, "npm", "wrk")
    assert result.returncode == 0
    assert (tmp_path / "calls.txt").read_text().splitlines() == [
        "apt-get update -qq",
        "apt-get install -y -qq --no-install-recommends wrk",
    ]


def test_system_packages_as_root_without_apt_get_asks_for_the_packages(tmp_path):
    machine = fake_machine(tmp_path, uid=0)
    result = run_system_packages(machine, "wrk")
    assert result.returncode != 0
    assert "sudo apt-get install -y wrk" in result.stderr


def test_system_packages_does_nothing_when_everything_is_there(tmp_path):
    machine = fake_machine(tmp_path, uid=1000, tools=["npm", "wrk", "apt-get"])
    result = run_system_packages(machine, "npm", "wrk")
    assert result.returncode == 0
    assert result.stderr == ""
    assert not (tmp_path / "calls.txt").exists()
