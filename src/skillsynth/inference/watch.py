"""Whether the model files a running service loaded are still the ones on disk."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from skillsynth.model.registry import file_sha256


def _signature(stat: os.stat_result) -> tuple[int, int, int]:
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


class LoadedFiles:
    """The files as they were when loaded (path -> sha256), checked cheaply: a file is hashed again
    only when its inode, size or modification time moved, so a touch alone does not count."""

    def __init__(self, hashes: dict[Path, str]) -> None:
        self._hashes = dict(hashes)
        self._seen = {path: _signature(path.stat()) for path in hashes}
        self._lock = threading.Lock()

    def changed(self) -> list[str]:
        """One line per loaded file that was deleted or now holds other bytes; empty when all are intact."""
        changes = []
        with self._lock:
            for path, loaded_hash in self._hashes.items():
                try:
                    signature = _signature(path.stat())
                except FileNotFoundError:
                    changes.append(f"{path}: deleted since it was loaded")
                    continue
                if signature == self._seen[path]:
                    continue
                try:
                    current_hash = file_sha256(path)
                except OSError as error:
                    changes.append(f"{path}: unreadable since it was loaded ({error.strerror})")
                    continue
                if current_hash != loaded_hash:
                    changes.append(f"{path}: sha256 {current_hash[:12]}… differs from the loaded {loaded_hash[:12]}…")
                    continue
                self._seen[path] = signature  # same bytes: remember, so the next check is a stat again
        return changes
