"""Where the evaluation data lives: ``--data``, else ``LETOPIS_DATA``, else ``../shared/data``.

``../shared/data`` is looked for beside the current directory first, then beside the
repository this package was installed from (an editable install in a fresh clone). A
path may name the data root (holding ``nerel/`` and ``factrueval/``) or the data set's
own folder (holding ``dev/`` or ``devset/``).
"""

from __future__ import annotations

import os
from pathlib import Path

from letopis.errors import DataError

ENV = "LETOPIS_DATA"
SHARED = Path("..") / "shared" / "data"
REPO_ROOT = Path(__file__).resolve().parents[3]

# data set name -> (folder under the data root, split name -> folder inside it)
DATASETS: dict[str, tuple[str, dict[str, str]]] = {
    "nerel": ("nerel", {"train": "train", "dev": "dev", "test": "test"}),
    "factru": ("factrueval", {"dev": "devset", "test": "testset"}),
}


def candidate_roots(explicit: str | os.PathLike[str] | None = None) -> list[tuple[str, Path]]:
    """The places searched, in order, each with the reason it is searched."""
    if explicit:
        return [("--data", Path(explicit))]
    if os.environ.get(ENV):
        return [(ENV, Path(os.environ[ENV]))]
    return [
        ("../shared/data beside the current directory", Path.cwd() / SHARED),
        ("../shared/data beside the repository", REPO_ROOT / SHARED),
    ]


def dataset_dir(name: str, explicit: str | os.PathLike[str] | None = None) -> Path:
    """The folder of data set ``name`` ("nerel" or "factru"); DataError if none is found."""
    folder, splits = DATASETS[name]
    tried = []
    for why, root in candidate_roots(explicit):
        for path in (root / folder, root):
            if any((path / split).is_dir() for split in splits.values()):
                return path
        tried.append(f"{root} ({why})")
    raise DataError(
        f"{name} data not found; tried {'; '.join(tried)}. "
        f"Pass --data DIR or set {ENV} to the folder holding {folder}/."
    )


def split_dir(name: str, split: str, explicit: str | os.PathLike[str] | None = None) -> Path:
    """The folder of one split of data set ``name``; DataError if absent."""
    splits = DATASETS[name][1]
    if split not in splits:
        raise DataError(f"{name} has no split {split!r}; choose from {', '.join(splits)}")
    path = dataset_dir(name, explicit) / splits[split]
    if not path.is_dir():
        raise DataError(f"{name} split {split!r} not found at {path}")
    return path
