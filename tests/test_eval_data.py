"""Finding the data: --data, then LETOPIS_DATA, then ../shared/data; a clear error otherwise."""

import pytest

from eval_fakes import FIXTURES
from letopis.errors import DataError
from letopis.eval import data


@pytest.fixture
def nowhere(tmp_path, monkeypatch):
    """No environment variable, a working directory without ../shared, no repo fallback."""
    monkeypatch.delenv(data.ENV, raising=False)
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    monkeypatch.setattr(data, "REPO_ROOT", tmp_path / "none")
    return tmp_path


def test_explicit_root_or_dataset_folder(nowhere):
    assert data.dataset_dir("nerel", FIXTURES) == FIXTURES / "nerel"
    assert data.dataset_dir("nerel", FIXTURES / "nerel") == FIXTURES / "nerel"
    assert data.split_dir("nerel", "dev", FIXTURES) == FIXTURES / "nerel" / "dev"


def test_environment_variable(nowhere, monkeypatch):
    monkeypatch.setenv(data.ENV, str(FIXTURES))
    assert data.split_dir("nerel", "dev") == FIXTURES / "nerel" / "dev"


def test_shared_beside_the_working_directory(nowhere):
    shared = nowhere / "a" / "shared" / "data" / "nerel" / "dev"
    shared.mkdir(parents=True)
    assert data.split_dir("nerel", "dev").resolve() == shared.resolve()


def test_clear_error_when_missing(nowhere):
    with pytest.raises(DataError, match="LETOPIS_DATA"):
        data.dataset_dir("factru")


def test_unknown_or_absent_split(nowhere):
    with pytest.raises(DataError, match="no split"):
        data.split_dir("nerel", "valid", FIXTURES)
    with pytest.raises(DataError, match="not found"):
        data.split_dir("nerel", "test", FIXTURES)
