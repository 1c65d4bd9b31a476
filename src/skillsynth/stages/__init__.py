"""DVC stage entry points: each reads its config and files, calls the core, writes outputs atomically."""
