"""Real labelled data as teams have it: the file rules, its sessions and raters, their agreement."""
