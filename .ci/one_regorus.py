"""Fail when more than one installed distribution provides the top-level `regorus` module.

Several PyPI distributions build Microsoft's regorus and install it under the same module
name; two of them in one environment overwrite each other's files, and which engine the
policies run on then depends on install order. qcheck depends on exactly one
(docs/engines.md says which and why).

    python .ci/one_regorus.py   # exit 0 when at most one provides it and it is whole, else 1
"""

from __future__ import annotations

import sys
from importlib.metadata import Distribution, distributions
from pathlib import Path

MODULE = "regorus"


def provides(dist: Distribution, module: str) -> bool:
    """Whether `dist` installs the top-level `module` (package or single-file module)."""
    top_level = dist.read_text("top_level.txt")
    if top_level is not None and module in top_level.split():
        return True
    for file in dist.files or ():
        first = file.parts[0] if file.parts else ""
        if first == module or (len(file.parts) == 1 and first.split(".")[0] == module):
            return True
    return False


def main() -> int:
    providers = {d.metadata["Name"]: d for d in distributions() if provides(d, MODULE)}
    names = sorted(f"{name} {d.version}" for name, d in providers.items())
    if len(names) > 1:
        print(
            f"error: {len(names)} installed distributions provide the `{MODULE}` module "
            f"({', '.join(names)}); uninstall all but the one pyproject.toml names",
            file=sys.stderr,
        )
        return 1
    for name, dist in providers.items():
        # Uninstalling one of two providers deletes the files they shared.
        missing = [
            f
            for f in dist.files or ()
            if f.parts[:1] == (MODULE,) and not Path(str(dist.locate_file(f))).exists()
        ]
        if missing:
            print(
                f"error: {name} {dist.version} is installed but {missing[0]} is missing; "
                f"reinstall it (pip install --force-reinstall {name})",
                file=sys.stderr,
            )
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
