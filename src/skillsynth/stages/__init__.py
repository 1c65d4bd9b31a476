"""DVC stage entry points: each reads its config and files, calls the core, writes outputs atomically.

Each public module here is the command `skillsynth <module>` (its ``run(settings)``); a helper that is no
stage goes in a module whose name starts with ``_``.
"""
